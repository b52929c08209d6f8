// Placeholder so that the target builds until its first source lands.
