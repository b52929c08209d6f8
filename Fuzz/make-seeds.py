#!/usr/bin/env python3
"""Writes the seed corpora Fuzz/corpus/TARGET/ (run from anywhere; needs numpy for the .npy seeds).

The workspaces are the repository's own (fixtures/workspaces, the ATLAS background-only
workspace), minified so that mutations do not spend themselves on indentation; the CSV, .npy and
gzip seeds are made here, small, one per feature of the readers. Re-running rewrites the same files.
"""
import gzip
import io
import json
import os
import shutil
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "corpus"


def fresh(target):
    directory = CORPUS / target
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    return directory


def minified(path):
    return json.dumps(json.loads(Path(path).read_text()), separators=(",", ":")).encode()


def workspaces():
    out = fresh("WorkspaceReader")
    sources = sorted((ROOT / "fixtures/workspaces").glob("*.json"))
    sources += sorted((ROOT / "fixtures/workspaces/validation").glob("*.json"))
    sources.append(ROOT / "notebooks-data/atlas-susy-3l-erjr/BkgOnly.json")
    for path in sources:
        prefix = "validation_" if path.parent.name == "validation" else ""
        (out / f"{prefix}{path.name}").write_bytes(minified(path))
    # The background-only workspace has no signal, so its POI is not a parameter: with the
    # smallest signal patch applied (JSON Patch "add" operations only), it builds a model.
    atlas = ROOT / "notebooks-data/atlas-susy-3l-erjr"
    signal = json.loads((atlas / "BkgOnly.json").read_text())
    for operation in json.loads((atlas / "patches/patch.ERJR_140p0_100p0.json").read_text()):
        assert operation["op"] == "add"
        *parents, last = operation["path"].strip("/").split("/")
        node = signal
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node.insert(int(last), operation["value"]) if isinstance(node, list) else node.__setitem__(last, operation["value"])
    (out / "BkgOnly+ERJR_140p0_100p0.json").write_bytes(json.dumps(signal, separators=(",", ":")).encode())
    # Every modifier, shared and coupled parameters, every override key, two measurements.
    kitchen = {
        "version": "1.0.0",
        "channels": [
            {"name": "SR", "samples": [
                {"name": "signal", "data": [12, 8, 3], "modifiers": [
                    {"name": "mu", "type": "normfactor", "data": None},
                    {"name": "lumi", "type": "lumi", "data": None},
                    {"name": "jes", "type": "normsys", "data": {"hi": 1.08, "lo": 0.93}},
                    {"name": "jes", "type": "histosys", "data": {"hi_data": [13, 8.5, 3.1], "lo_data": [11.2, 7.7, 2.8]}},
                    {"name": "stat", "type": "staterror", "data": [1.5, 1.2, 0.8]}]},
                {"name": "background", "data": [50, 30, 0], "modifiers": [
                    {"name": "lumi", "type": "lumi", "data": None},
                    {"name": "bkg_norm", "type": "normsys", "data": {"hi": 1.15, "lo": 0.82}},
                    {"name": "shape", "type": "histosys", "data": {"hi_data": [54, 31, 10], "lo_data": [47, 29.5, 0]}},
                    {"name": "stat", "type": "staterror", "data": [3, 2.5, 0]},
                    {"name": "uncorr", "type": "shapesys", "data": [4, 3, 0]},
                    {"name": "sf", "type": "shapefactor", "data": None}]}]},
            {"name": "CR", "samples": [
                {"name": "background", "data": [200, 150, 90], "modifiers": [
                    {"name": "lumi", "type": "lumi", "data": None},
                    {"name": "bkg_norm", "type": "normsys", "data": {"hi": 1.12, "lo": 0.85}},
                    {"name": "stat", "type": "staterror", "data": [8, 6, 5]},
                    {"name": "sf", "type": "shapefactor", "data": None}]}]}],
        "observations": [{"name": "SR", "data": [70, 41, 0]}, {"name": "CR", "data": [205, 140, 95]}],
        "measurements": [
            {"name": "meas", "config": {"poi": "mu", "parameters": [
                {"name": "lumi", "inits": [1], "bounds": [[0.5, 1.5]], "auxdata": [1], "sigmas": [0.03]},
                {"name": "uncorr", "factors": [100, 50, 1], "fixed": False},
                {"name": "jes", "fixed": True, "inits": [0.5]}]}},
            {"name": "other", "config": {"poi": "bkg_norm", "parameters": [
                {"name": "lumi", "inits": [1], "bounds": [[0.5, 1.5]], "auxdata": [1.01], "sigmas": [0.1]},
                {"name": "mu", "bounds": [[-5, 5]], "inits": [0]},
                {"name": "stat", "auxdata": [1, 1, 1, 1, 1, 1], "sigmas": [0.1, 0.1, 0.1, 0.1, 0.1, 0.1]}]}}],
    }
    (out / "kitchen_sink.json").write_bytes(json.dumps(kitchen, separators=(",", ":")).encode())


CSV_SEEDS = {
    "plain.csv": "x,y\n1.5,2\n-3e2,0.25\n",
    "text_column.csv": "x,label,y\n1.5,sig,2\n-3e2,bkg,0.25\n",
    "quoted_header.csv": "\"x\",\"y\",\"name\"\n1,2,\"a b\"\n3,4,\"c\"\n",
    "crlf.csv": "x,y\r\n1,2\r\n3,4\r\n",
    "spaces.csv": " x , y \n 1 , 2 \n\n  \n",
    "numbers.csv": "x,y,z\n1e308,-0.0,+5\n.5,5.,0x1p3\n1_0,inf,nan\n",
    "ragged.csv": "x,y\n1,2\n3\n",
    "no_rows.csv": "x,y,weight\n",
    "empty_fields.csv": "x,,y\n1,,2\n,,\n",
    "utf8.csv": "x,\u00e9t\u00e9,y\n1,\u00e0,2\n",
    "bom.csv": "\ufeffx,y\n1,2\n",
}


def csv_seeds():
    out = fresh("CSVReader")
    for name, text in CSV_SEEDS.items():
        (out / name).write_bytes(text.encode())
    (out / "latin1.csv").write_bytes("x,\u00e9\n1,2\n".encode("latin-1"))
    # The head of a shipped sample: pandas' to_csv output with its ten columns.
    with gzip.open(ROOT / "notebooks-data/ttbar/sample/wjets__nominal.csv.gz", "rt") as sample:
        head = "".join(sample.readline() for _ in range(6))
    (out / "ttbar_head.csv").write_bytes(head.encode())


def npy_bytes(array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=False)
    return buffer.getvalue()


def npy_seeds():
    out = fresh("NumpyReader")
    values = np.array([[1.5, -2], [3, 4], [0, 127]])
    for code in ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]:
        for order in "<>":
            if code.endswith("1") and order == ">":
                continue
            array = np.abs(values) if code.startswith("u") else values
            (out / f"{order.replace('<', 'le').replace('>', 'be')}_{code}.npy").write_bytes(
                npy_bytes(array.astype(order + code)))
    (out / "bool.npy").write_bytes(npy_bytes(np.array([[True, False], [False, True]])))
    (out / "fortran_f8.npy").write_bytes(npy_bytes(np.asfortranarray(values)))
    (out / "fortran_i4.npy").write_bytes(npy_bytes(np.asfortranarray(values.astype("<i4"))))
    (out / "one_d.npy").write_bytes(npy_bytes(np.array([0.5, -2.0, 7.0])))
    (out / "scalar.npy").write_bytes(npy_bytes(np.array(3.0)))
    (out / "three_d.npy").write_bytes(npy_bytes(np.zeros((2, 1, 2))))
    (out / "empty.npy").write_bytes(npy_bytes(np.zeros((0, 2))))
    (out / "nan.npy").write_bytes(npy_bytes(np.array([[1.0], [np.nan]])))
    (out / "v2_f8.npy").write_bytes(npy_bytes(values, version=(2, 0)))
    records = np.array([(1.0, "sig", 0.5, 3), (2.0, "bkg", 0.25, -1)],
                       dtype=[("x", "<f8"), ("process", "<U3"), ("w", "<f4"), ("n", "<i2")])
    (out / "structured.npy").write_bytes(npy_bytes(records))
    (out / "structured_be.npy").write_bytes(npy_bytes(records.astype(
        [("x", ">f8"), ("process", ">U3"), ("w", ">f4"), ("n", ">i2")])))
    (out / "structured_bytes.npy").write_bytes(npy_bytes(np.array(
        [(1, b"ab")], dtype=[("x", "<u4"), ("s", "S2")])))
    (out / "v3_utf8_field.npy").write_bytes(npy_bytes(np.array(
        [(1.0,)], dtype=[("\u00e9t\u00e9", "<f8")]), version=(3, 0)))
    (out / "object.npy").write_bytes(
        b"\x93NUMPY\x01\x00" + (lambda h: len(h).to_bytes(2, "little") + h)(
            b"{'descr': '|O', 'fortran_order': False, 'shape': (1,), }" + b" " * 5 + b"\n"))
    (out / "truncated.npy").write_bytes(npy_bytes(values)[:-8])


def gzip_seeds():
    out = fresh("GzipReader")
    csv = b"x,y\n1.5,2\n-3e2,0.25\n"
    npy = npy_bytes(np.array([[1.5, -2], [3, 4]]))
    (out / "csv.gz").write_bytes(gzip.compress(csv, mtime=0))
    (out / "npy.gz").write_bytes(gzip.compress(npy, mtime=0))
    (out / "two_members.gz").write_bytes(gzip.compress(b"x,y\n1,2\n", mtime=0) + gzip.compress(b"3,4\n", mtime=0))
    (out / "stored.gz").write_bytes(gzip.compress(csv, compresslevel=0, mtime=0))
    (out / "zlib.z").write_bytes(zlib.compress(csv))
    (out / "empty.gz").write_bytes(gzip.compress(b"", mtime=0))
    (out / "truncated.gz").write_bytes(gzip.compress(csv * 4, mtime=0)[:-6])
    (out / "trailing_garbage.gz").write_bytes(gzip.compress(csv, mtime=0) + b"\0\0junk")
    # A header with FEXTRA, FNAME, FCOMMENT and FHCRC (flags 0x1e), then a raw deflate stream.
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = deflater.compress(csv) + deflater.flush()
    header = b"\x1f\x8b\x08\x1e" + b"\0\0\0\0" + b"\x00\x03" + b"\x04\x00ab\x01\x00" + b"a.csv\0" + b"made by hand\0"
    header += (zlib.crc32(header) & 0xFFFF).to_bytes(2, "little")
    trailer = zlib.crc32(csv).to_bytes(4, "little") + len(csv).to_bytes(4, "little")
    (out / "all_header_fields.gz").write_bytes(header + body + trailer)
    with gzip.open(ROOT / "notebooks-data/ttbar/sample/wjets__nominal.csv.gz", "rb") as sample:
        head = b"".join(sample.readline() for _ in range(4))
    (out / "ttbar_head.csv.gz").write_bytes(gzip.compress(head, mtime=0))


def patch_seeds():
    """For the PatchReader target, once Sources/HistFactory/Patching/ exists: the ATLAS signal
    patches (JSON Patch arrays), a patch set cut to two patches, and small hand-made patches."""
    out = fresh("PatchReader")
    atlas = ROOT / "notebooks-data/atlas-susy-3l-erjr"
    for path in sorted((atlas / "patches").glob("*.json"))[:3]:
        (out / path.name).write_bytes(minified(path))
    patchset = json.loads((atlas / "patchset.json").read_text())
    patchset["patches"] = patchset["patches"][:2]
    (out / "patchset_two.json").write_bytes(json.dumps(patchset, separators=(",", ":")).encode())
    operations = [
        {"op": "replace", "path": "/measurements/0/config/poi", "value": "mu"},
        {"op": "remove", "path": "/channels/0/samples/1"},
        {"op": "add", "path": "/channels/0/samples/-", "value": {"name": "s", "data": [1], "modifiers": []}},
        {"op": "copy", "from": "/observations/0", "path": "/observations/1"},
        {"op": "move", "from": "/channels/0/samples/0/name", "path": "/channels/0/samples/0/name"},
        {"op": "test", "path": "/version", "value": "1.0.0"},
        {"op": "add", "path": "/channels/0/samples/0/modifiers/0/name~1with~0escapes", "value": None},
    ]
    (out / "every_operation.json").write_bytes(json.dumps(operations, separators=(",", ":")).encode())


if __name__ == "__main__":
    workspaces()
    csv_seeds()
    npy_seeds()
    gzip_seeds()
    if (ROOT / "Sources/HistFactory/Patching").is_dir():
        patch_seeds()
    for target in sorted(os.listdir(CORPUS)):
        files = list((CORPUS / target).iterdir())
        print(f"{target}: {len(files)} files, {sum(f.stat().st_size for f in files)} bytes")
