#!/usr/bin/env python3
"""Stand-in sample for the CMS ttbar -> tau_h + jets analysis (CMS TOP-11-004, 7 TeV, 3.9 fb^-1)
as used by Layer, Dorigo & Strong (arXiv:2301.10358).

Pythia 8 (hard process, shower, MPI, hadronisation, decays) + FastJet anti-kt R = 0.5 on the
visible final-state particles + a parametric CMS-2011-like detector (all numbers in the DETECTOR
block below, justified in README.md).  For every generated event that survives a loose
truth-level preselection the full reconstruction + selection + the eight features are evaluated
for the nominal detector and for six detector variations (JES, JER, tau energy scale, each up
and down), re-using the *same* per-event random numbers so that the variations are correlated
event by event.

Object identification is done with per-event probabilities applied as weights ("tag-rate
function" method) for every process:
  * tau_h identification of a true hadronic tau (efficiency) and jet -> tau_h misidentification
    (fake rate): the event weight is P(exactly one identified tau_h); which candidate is the tau
    is drawn with a per-event uniform number u (fixed across variations) from the candidates'
    probabilities q_j = p_j * prod_{k!=j}(1 - p_k);
  * e/mu veto: weight prod_l (1 - eff_l) over truth-isolated leptons in acceptance;
  * >= 1 b tag (CSV medium): weight 1 - prod_j (1 - eff_j(flavour, pT)) over the selected jets.
This is what the analysis did for its (data-driven) QCD sample, and here it is used uniformly to
reduce the MC variance of all templates.

Output: one gzipped CSV per (process, variation) with columns
  aplanarity,sphericity,charge_eta_tau,met,dphi_tau_met,mt,m_tau_jets,ht,weight,process
weights in events for 3.9 fb^-1, plus manifest.json with all bookkeeping (deterministic: no wall
times; those go to timings.json).

Tasks and sharding: a run is a list of tasks, process-major in the order of --processes: blocks of
--block-events events (and, for W+jets, the K-factor computation). The Pythia seed of a block is
derived from (seed, process, generator configuration, block index) and the detector random numbers
from (seed, process, event number), so a task's events do not depend on which job runs it.
  --shard I/N     runs tasks floor(I*T/N) ..< floor((I+1)*T/N), writes OUTDIR/shards/I-of-N.json.gz
  --shard auto    I from SLURM_ARRAY_TASK_ID, N from NEOS_SHARDS (else SLURM_ARRAY_TASK_COUNT)
  --merge OUTDIR  checks that shards 0..N-1 are all there and come from the same command line,
                  generator and package versions, then writes exactly (byte for byte) what the
                  unsharded run writes; on any problem it writes nothing.
Normalisations (sigma, weight sums) are computed from the per-block sums at the end, in both paths.
"""
import argparse
import gzip
import hashlib
import io
import json
import math
import os
import platform
import sys
import time

import numpy as np
import awkward as ak
import fastjet
import pythia8mc

# ----------------------------------------------------------------------------------------------
# Physics constants / normalisation
# ----------------------------------------------------------------------------------------------
LUMI_PB = 3900.0                 # 3.9 fb^-1 (TOP-11-004)
SIGMA_TTBAR_PB = 164.0           # approx. NNLO (Kidonakis / HATHOR), value used by CMS 2011 and Layer et al.
SIGMA_W_LNU_PB = 31314.0         # inclusive W -> l nu (l = e, mu, tau), NNLO (FEWZ), CMS 2011 value
BR_W_TAUNU = 0.1125              # PDG
BR_W_HAD = 0.6741                # PDG
BR_TAU_HAD = 1.0 - 0.1782 - 0.1739   # PDG: 1 - B(tau->e) - B(tau->mu) = 0.6479
SIGMA_SIGNAL_PB = SIGMA_TTBAR_PB * 2.0 * BR_W_TAUNU * BR_W_HAD * BR_TAU_HAD  # ~16.1 pb

# ----------------------------------------------------------------------------------------------
# Selection (TOP-11-004 / Layer et al.)
# ----------------------------------------------------------------------------------------------
TAU_PT_MIN = 45.0
TAU_ETA_MAX = 2.1
TAU_LEADTRK_PT_MIN = 10.0
JET_PT_MIN = 20.0
JET_ETA_MAX = 2.4
JET_HARD_PT = 45.0
N_JETS_MIN = 4
N_HARD_JETS_MIN = 3
MET_MIN = 20.0
LEP_PT_MIN = 10.0
LEP_ETA_MAX = 2.5
LEP_RELISO_MAX = 0.15            # truth relative isolation, cone 0.3
JET_TAU_CLEAN_DR = 0.4

# ----------------------------------------------------------------------------------------------
# DETECTOR (CMS 2011-like; see README.md for the justification of every number)
# ----------------------------------------------------------------------------------------------
JET_R = 0.5
CALO_ETA_MAX = 4.7               # particles beyond are lost (forward calorimeter edge)
# jet energy resolution  sigma/pT = sqrt((N/pT)^2 + S^2/pT + C^2), x1.15 for |eta| > 1.5
JER_N, JER_S, JER_C = 3.0, 0.85, 0.04
JER_FWD_FACTOR = 1.15
JER_SCALE = {"nominal": 1.0, "up": 1.10, "down": 0.90}   # +-10 % on the resolution width
# jet energy scale uncertainty  delta = sqrt(a^2 + b^2/pT) * (1 + 0.5 (|eta|/2.4)^2)
JES_A, JES_B = 0.0136, 0.146
# tau_h
TAU_RES = 0.06                   # relative pT resolution of the reconstructed tau_h
TAU_ES_SHIFT = 0.03              # +-3 % tau energy scale (Layer et al. tau_factor)
TAU_ID_EFF = 0.50                # HPS decay-mode finding x loose comb. isolation x against-e/mu tight, pT > 45 GeV
TAU_SIGNAL_CONE = 0.10           # core cone for the fake-tau momentum (around leading track)


def tau_fake_rate(pt):
    """jet -> tau_h misidentification probability per tau candidate (HPS loose, 2011):
    0.6 % at pT(tau) = 45 GeV falling like pT^-0.7, clipped to [0.1 %, 1 %]."""
    return np.clip(0.006 * (45.0 / np.maximum(pt, 1.0)) ** 0.7, 0.001, 0.01)


# trigger: HLT_QuadJet40_IsoPFTau40 (872.2 pb^-1) / HLT_QuadJet45_IsoPFTau45 (3293.7 pb^-1).
# Per-leg turn-ons in offline pT (3 leading jets + tau), product over legs, lumi-weighted mix.
TRIG_FRAC_40 = 872.2 / (872.2 + 3293.7)
TRIG_JET_OFFSET, TRIG_JET_WIDTH = 3.0, 6.0       # 50 % point = threshold + 3 GeV, Gaussian width 6 GeV
TRIG_TAU_OFFSET, TRIG_TAU_WIDTH, TRIG_TAU_PLATEAU = 2.0, 7.0, 0.90


def _turn_on(pt, thr, offset, width):
    return 0.5 * (1.0 + np.vectorize(math.erf)((np.asarray(pt, dtype=float) - thr - offset) / (math.sqrt(2.0) * width)))


def trigger_eff(jet_pts3, tau_pt):
    eff = 0.0
    for thr, frac in ((40.0, TRIG_FRAC_40), (45.0, 1.0 - TRIG_FRAC_40)):
        e = float(np.prod(_turn_on(jet_pts3, thr, TRIG_JET_OFFSET, TRIG_JET_WIDTH)))
        e *= TRIG_TAU_PLATEAU * float(_turn_on(tau_pt, thr, TRIG_TAU_OFFSET, TRIG_TAU_WIDTH))
        eff += frac * e
    return eff


# b tagging (CSV medium, CSV > 0.679)
def btag_eff(flav, pt):
    pt = np.asarray(pt, dtype=float)
    flav = np.asarray(flav)
    eb = np.where(pt < 80.0, 0.62 + 0.10 * np.clip(pt - 20.0, 0.0, 60.0) / 60.0,
                  0.72 - 0.0005 * np.clip(pt - 200.0, 0.0, None))
    eb = np.clip(eb, 0.50, 0.72)
    ec = 0.19 + 0.0 * pt
    el = 0.010 + 0.010 * np.clip(pt - 20.0, 0.0, 200.0) / 200.0
    return np.where(flav == 5, eb, np.where(flav == 4, ec, el))


# lepton identification (for the veto)
EFF_MU = 0.92                    # global muon + isolation
EFF_E = 0.85                     # cut-based ID + isolation
# MET: unclustered-energy resolution and a pile-up/noise term (per component)
MET_UNCL_STOCH = 0.5             # GeV^0.5 * sqrt(sum ET_unclustered)
MET_NOISE = 4.0                  # GeV

VARIATIONS = ["nominal", "jes_up", "jes_down", "jer_up", "jer_down", "taues_up", "taues_down"]
VAR_SETTINGS = {
    # (jes shift in sigma, jer key, tau energy scale)
    "nominal": (0, "nominal", 1.0),
    "jes_up": (+1, "nominal", 1.0),
    "jes_down": (-1, "nominal", 1.0),
    "jer_up": (0, "up", 1.0),
    "jer_down": (0, "down", 1.0),
    "taues_up": (0, "nominal", 1.0 + TAU_ES_SHIFT),
    "taues_down": (0, "nominal", 1.0 - TAU_ES_SHIFT),
}
FEATURES = ["aplanarity", "sphericity", "charge_eta_tau", "met", "dphi_tau_met", "mt", "m_tau_jets", "ht"]
PROCESS_CODES = {"ttbar_signal": 1, "ttbar_other": 2, "wjets": 3, "qcd": 4}

COMMON_PYTHIA = [
    "Beams:eCM = 7000.",
    "6:m0 = 172.5",
    "Next:numberCount = 0",
    "Next:numberShowEvent = 0",
    "Next:numberShowInfo = 0",
    "Next:numberShowProcess = 0",
    "Init:showChangedSettings = off",
    "Init:showChangedParticleData = off",
    "Init:showProcesses = off",
    "Init:showMultipartonInteractions = off",
    "Random:setSeed = on",
]


# Sampling of the biased processes (v2 defaults, chosen in README "v2 sample"): p_T-hat^POW bias with
# reference REF (weights (REF/pTHat)^POW, normalised with Pythia's weightSum, so no bias survives) and
# p_T-hat minimum; W+jets split into W -> tau nu, tau -> hadrons (fraction F of every block) and the rest.
# A cfg without these keys (older runs) means the values of the first production (sample/).
V2_QCD_BIAS = [3.0, 55.0]
V2_QCD_PTHAT_MIN = 60.0
V2_WJETS_BIAS = [3.0, 30.0]
V2_WJETS_PTHAT_MIN = 60.0
V2_WJETS_TAUH_FRACTION = 0.9
V1_SAMPLING = {"qcd_bias": [3.0, 55.0], "qcd_pthat_min": 55.0, "wjets_bias": [3.0, 30.0], "wjets_pthat_min": 30.0,
               "wjets_tauh_fraction": 0.0}


def sampling(cfg, key):
    return (cfg or {}).get(key, V1_SAMPLING[key])


def _phase_space(pthat_min, bias):
    s = ["PhaseSpace:pTHatMin = %r" % float(pthat_min)]
    if bias[0] != 0:
        s += ["PhaseSpace:bias2Selection = on", "PhaseSpace:bias2SelectionPow = %r" % float(bias[0]),
              "PhaseSpace:bias2SelectionRef = %r" % float(bias[1])]
    return s


def process_pythia_settings(proc, cfg=None):
    """Pythia settings (besides COMMON_PYTHIA and the seed) for each generator configuration."""
    tt = ["Top:gg2ttbar = on", "Top:qqbar2ttbar = on"]
    if proc == "signal_wplus_tau":
        return tt + ["24:onMode = off", "24:onPosIfAny = 15", "24:onNegIfAny = 1 2 3 4 5",
                     "15:offIfAny = 11 13"]
    if proc == "signal_wminus_tau":
        return tt + ["24:onMode = off", "24:onNegIfAny = 15", "24:onPosIfAny = 1 2 3 4 5",
                     "15:offIfAny = 11 13"]
    if proc == "ttbar_inclusive":
        return tt
    if proc in ("wjets", "wjets_tauh"):
        # wjets_tauh: W -> tau nu with tau -> hadrons only; wjets: W -> e/mu/tau nu (when the split is on,
        # its events with W -> tau nu, tau -> hadrons are dropped: they are in wjets_tauh)
        decay = ["24:onIfAny = 15", "15:offIfAny = 11 13"] if proc == "wjets_tauh" else ["24:onIfAny = 11 13 15"]
        return ["WeakBosonAndParton:qqbar2Wg = on", "WeakBosonAndParton:qg2Wq = on", "24:onMode = off"] + decay + \
            _phase_space(sampling(cfg, "wjets_pthat_min"), sampling(cfg, "wjets_bias"))
    if proc == "qcd":
        return ["HardQCD:all = on"] + _phase_space(sampling(cfg, "qcd_pthat_min"), sampling(cfg, "qcd_bias"))
    if proc == "w_inclusive_lo":     # only to compute the LO W -> l nu cross section for the K factor
        return ["WeakSingleBoson:ffbar2W = on", "24:onMode = off", "24:onIfAny = 11 13 15",
                "PartonLevel:all = off", "HadronLevel:all = off"]
    raise ValueError(proc)


def make_pythia(proc, seed, cfg=None):
    py = pythia8mc.Pythia("", False)
    for s in COMMON_PYTHIA + process_pythia_settings(proc, cfg) + ["Random:seed = %d" % seed]:
        if not py.readString(s):
            raise RuntimeError("Pythia rejected setting: " + s)
    if not py.init():
        raise RuntimeError("Pythia init failed for " + proc)
    return py


# ----------------------------------------------------------------------------------------------
# small kinematics helpers
# ----------------------------------------------------------------------------------------------
def pt_eta_phi(px, py, pz):
    pt = np.hypot(px, py)
    p = np.sqrt(pt * pt + pz * pz)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.where(pt > 1e-9, np.arcsinh(np.where(pt > 1e-9, pz / np.maximum(pt, 1e-300), 0.0)),
                       np.sign(pz) * 20.0)
    phi = np.arctan2(py, px)
    return pt, eta, phi


def dphi(a, b):
    d = a - b
    return (d + np.pi) % (2.0 * np.pi) - np.pi


def delta_r(eta1, phi1, eta2, phi2):
    return np.hypot(eta1 - eta2, dphi(phi1, phi2))


def jer_sigma(pt, eta):
    pt = np.maximum(pt, 1.0)
    s = np.sqrt((JER_N / pt) ** 2 + JER_S ** 2 / pt + JER_C ** 2)
    return np.where(np.abs(eta) > 1.5, s * JER_FWD_FACTOR, s)


def jes_unc(pt, eta):
    pt = np.maximum(pt, 1.0)
    return np.sqrt(JES_A ** 2 + JES_B ** 2 / pt) * (1.0 + 0.5 * (np.minimum(np.abs(eta), 4.7) / 2.4) ** 2)


# ----------------------------------------------------------------------------------------------
# Truth record helpers (one event, numpy arrays)
# ----------------------------------------------------------------------------------------------
def daughters(i, d1, d2):
    a, b = d1[i], d2[i]
    if a <= 0:
        return []
    if b < a:
        return [a]
    return list(range(a, b + 1))


def last_copy(i, pid, d1, d2):
    while True:
        ds = daughters(i, d1, d2)
        nxt = [d for d in ds if pid[d] == pid[i]]
        if not nxt:
            return i
        i = nxt[0]


def is_b_or_c_hadron(aid):
    """returns 5 for b hadrons, 4 for c hadrons, 0 otherwise (vectorised on |id|)."""
    q1 = (aid // 1000) % 10
    q2 = (aid // 100) % 10
    isb = (q1 == 5) | ((q1 == 0) & (q2 == 5))
    isc = ~isb & ((q1 == 4) | ((q1 == 0) & (q2 == 4)))
    return np.where(isb, 5, np.where(isc, 4, 0))


def ttbar_decay_class(pid, d1, d2):
    """Classify the two W bosons from the top decays.
    Returns (n_w_tauhad, n_w_had, n_other)."""
    n_tauhad = n_had = n_other = 0
    aid = np.abs(pid)
    tops = [i for i in np.where(aid == 6)[0] if not any(pid[d] == pid[i] for d in daughters(i, d1, d2))]
    for t in tops:
        ws = [d for d in daughters(t, d1, d2) if aid[d] == 24]
        if not ws:
            continue
        w = last_copy(ws[0], pid, d1, d2)
        wd = [aid[d] for d in daughters(w, d1, d2)]
        if any(x <= 5 for x in wd):
            n_had += 1
        elif 15 in wd:
            tau = [d for d in daughters(w, d1, d2) if aid[d] == 15][0]
            tau = last_copy(tau, pid, d1, d2)
            td = [aid[d] for d in daughters(tau, d1, d2)]
            if 11 in td or 13 in td:
                n_other += 1
            else:
                n_tauhad += 1
        else:
            n_other += 1
    return n_tauhad, n_had, n_other


def w_to_tau_hadronic(pid, d1, d2):
    """True if the (first) W boson of the event decays to tau nu with tau -> hadrons (no e/mu among
    the tau's daughters): the events of the wjets_tauh configuration."""
    aid = np.abs(pid)
    ws = np.where(aid == 24)[0]
    if len(ws) == 0:
        return False
    w = last_copy(ws[0], pid, d1, d2)
    taus = [d for d in daughters(w, d1, d2) if aid[d] == 15]
    if not taus:
        return False
    tau = last_copy(taus[0], pid, d1, d2)
    td = [aid[d] for d in daughters(tau, d1, d2)]
    return not (11 in td or 13 in td)


# ----------------------------------------------------------------------------------------------
# Event analysis
# ----------------------------------------------------------------------------------------------
class Analyser:
    def __init__(self, charge_of):
        self.charge_of = charge_of  # callable: id array -> charge array

    def analyse(self, ev, jets_px, jets_py, jets_pz, jets_e, jets_const, rng):
        """ev: dict of numpy arrays for one event. jets_*: truth jets (pT>10) from FastJet,
        jets_const: list of arrays of original particle indices.
        Returns dict variation -> (features array(8), weight factor) for selected variations."""
        pid = ev["id"]; st = ev["status"]; d1 = ev["d1"]; d2 = ev["d2"]
        px = ev["px"]; py = ev["py"]; pz = ev["pz"]; e = ev["e"]
        aid = np.abs(pid)
        final = st > 0
        pt, eta, phi = pt_eta_phi(px, py, pz)
        nu = (aid == 12) | (aid == 14) | (aid == 16)
        vis = final & ~nu & (np.abs(eta) < CALO_ETA_MAX)
        charge = self.charge_of(pid)
        charged_fs = vis & (charge != 0)

        # ---- hadronic taus (truth) ----
        taus = []  # (vis px,py,pz,e, charge, lead charged pt)
        for i in np.where(aid == 15)[0]:
            ds = daughters(i, d1, d2)
            if not ds or any(aid[d] == 15 for d in ds):
                continue
            dids = aid[ds]
            if np.any((dids == 11) | (dids == 13)):
                continue
            vpx, vpy, vpz, ve = px[i], py[i], pz[i], e[i]
            for d in ds:
                if aid[d] in (12, 14, 16):
                    vpx -= px[d]; vpy -= py[d]; vpz -= pz[d]; ve -= e[d]
            vpt, veta, vphi = pt_eta_phi(vpx, vpy, vpz)
            if vpt < 15.0:
                continue
            sel = charged_fs & (delta_r(eta, phi, veta, vphi) < TAU_SIGNAL_CONE)
            lead = pt[sel].max() if np.any(sel) else 0.0
            taus.append((vpx, vpy, vpz, ve, float(vpt), float(veta), float(vphi),
                         -1.0 if pid[i] > 0 else 1.0, lead))

        # ---- isolated e/mu (truth isolation) ----
        lep_idx = np.where(final & ((aid == 11) | (aid == 13)) & (pt > LEP_PT_MIN) & (np.abs(eta) < LEP_ETA_MAX))[0]
        iso_leps = []
        vis_idx = np.where(vis)[0]
        for l in lep_idx:
            dr = delta_r(eta[vis_idx], phi[vis_idx], eta[l], phi[l])
            m = (dr < 0.3) & (vis_idx != l)
            if pt[vis_idx[m]].sum() / pt[l] < LEP_RELISO_MAX:
                iso_leps.append(l)
        iso_set = set(iso_leps)
        veto_w = 1.0
        lep_px = lep_py = 0.0
        for l in iso_leps:
            veto_w *= 1.0 - (EFF_MU if aid[l] == 13 else EFF_E)
            lep_px += px[l]; lep_py += py[l]

        # ---- truth jets: subtract isolated leptons, flavour, tau matching, fake-tau core ----
        nj = len(jets_px)
        jpx = np.array(jets_px, dtype=float); jpy = np.array(jets_py, dtype=float)
        jpz = np.array(jets_pz, dtype=float); je = np.array(jets_e, dtype=float)
        in_jet = np.zeros(len(pid), dtype=bool)
        for j in range(nj):
            c = jets_const[j]
            in_jet[c] = True
            for l in iso_leps:
                if l in set(c.tolist()):
                    jpx[j] -= px[l]; jpy[j] -= py[l]; jpz[j] -= pz[l]; je[j] -= e[l]
        jpt, jeta, jphi = pt_eta_phi(jpx, jpy, jpz)
        order = np.argsort(-jpt, kind="stable")
        jpx, jpy, jpz, je, jpt, jeta, jphi = (a[order] for a in (jpx, jpy, jpz, je, jpt, jeta, jphi))
        jconst = [jets_const[k] for k in order]
        keep = jpt > 10.0
        # flavour
        hadr = np.where((np.abs(st) >= 81) & (np.abs(st) <= 99) & (aid >= 100) & (pt > 5.0))[0]
        hfl = is_b_or_c_hadron(aid[hadr])
        flav = np.zeros(nj, dtype=int)
        for fl in (4, 5):
            hs = hadr[hfl == fl]
            if len(hs) == 0:
                continue
            dr = delta_r(jeta[:, None], jphi[:, None], eta[hs][None, :], phi[hs][None, :])
            flav = np.where((dr < 0.4).any(axis=1), np.maximum(flav, fl), flav)
        # tau matching
        tau_of_jet = -np.ones(nj, dtype=int)
        for t, tau in enumerate(taus):
            if nj == 0:
                break
            dr = delta_r(jeta, jphi, tau[5], tau[6])
            k = int(np.argmin(dr))
            if dr[k] < 0.3 and tau_of_jet[k] < 0:
                tau_of_jet[k] = t
        # fake tau core for candidate jets
        core = {}
        for j in range(nj):
            if tau_of_jet[j] >= 0 or jpt[j] < 0.8 * TAU_PT_MIN or abs(jeta[j]) > TAU_ETA_MAX + 0.1:
                continue
            c = jconst[j]
            c = c[~np.isin(c, iso_leps)] if iso_leps else c
            ch = c[charge[c] != 0]
            if len(ch) == 0:
                continue
            lead = ch[np.argmax(pt[ch])]
            if pt[lead] < TAU_LEADTRK_PT_MIN:
                continue
            incone = c[((charge[c] != 0) | (pid[c] == 22)) & (delta_r(eta[c], phi[c], eta[lead], phi[lead]) < TAU_SIGNAL_CONE)]
            cpx, cpy, cpz, ce = px[incone].sum(), py[incone].sum(), pz[incone].sum(), e[incone].sum()
            qsum = charge[incone].sum()
            q = float(np.sign(qsum)) if qsum != 0 else float(np.sign(charge[lead]))
            core[j] = (cpx, cpy, cpz, ce, q)

        # ---- unclustered energy ----
        uncl = vis & ~in_jet
        for l in iso_leps:
            uncl[l] = False
        # particles in jets below 10 GeV are unclustered as well
        for j in range(nj):
            if not keep[j]:
                uncl[jconst[j]] = True
        for l in iso_leps:
            uncl[l] = False
        uncl_px, uncl_py = px[uncl].sum(), py[uncl].sum()
        uncl_set = pt[uncl].sum()

        # ---- per-event random numbers (shared by all variations) ----
        z_jet = rng.standard_normal(max(nj, 1))
        z_tau = rng.standard_normal(max(nj, 1))
        u_choice = rng.random()
        met_noise = rng.standard_normal(2) * math.sqrt(MET_UNCL_STOCH ** 2 * uncl_set + MET_NOISE ** 2)

        sig_j = jer_sigma(jpt, jeta)
        unc_j = jes_unc(jpt, jeta)

        out = {}
        for var in VARIATIONS:
            jes_shift, jer_key, tau_es = VAR_SETTINGS[var]
            f = np.maximum(0.0, 1.0 + sig_j * JER_SCALE[jer_key] * z_jet[:nj]) * (1.0 + jes_shift * unc_j)
            rpx, rpy, rpz, re_ = jpx * f, jpy * f, jpz * f, je * f
            rpt = jpt * f
            # tau candidates
            cands = []  # (jet index, px,py,pz,e, q, prob)
            for j in range(nj):
                if not keep[j]:
                    continue
                t = tau_of_jet[j]
                if t >= 0:
                    tau = taus[t]
                    if tau[8] < TAU_LEADTRK_PT_MIN:
                        continue
                    s = max(0.0, 1.0 + TAU_RES * z_tau[j]) * tau_es
                    cpx, cpy, cpz, ce, q = tau[0] * s, tau[1] * s, tau[2] * s, tau[3] * s, tau[7]
                    p_id = TAU_ID_EFF
                elif j in core:
                    s = max(0.0, 1.0 + TAU_RES * z_tau[j]) * tau_es
                    c = core[j]
                    cpx, cpy, cpz, ce, q = c[0] * s, c[1] * s, c[2] * s, c[3] * s, c[4]
                    p_id = None
                else:
                    continue
                cpt, ceta, cphi = pt_eta_phi(cpx, cpy, cpz)
                if cpt < TAU_PT_MIN or abs(ceta) > TAU_ETA_MAX:
                    continue
                if p_id is None:
                    p_id = float(tau_fake_rate(cpt))
                cands.append((j, cpx, cpy, cpz, ce, q, p_id, float(cpt), float(ceta), float(cphi)))
            if not cands:
                continue
            probs = np.array([c[6] for c in cands])
            one_m = 1.0 - probs
            q_excl = np.array([probs[k] * np.prod(np.delete(one_m, k)) for k in range(len(cands))])
            w_tau = q_excl.sum()
            if w_tau <= 0:
                continue
            k = int(np.searchsorted(np.cumsum(q_excl) / w_tau, u_choice, side="right"))
            k = min(k, len(cands) - 1)
            jt, tpx, tpy, tpz, te, tq, _, tpt, teta, tphi = cands[k]
            # jets
            sel = keep & (rpt > JET_PT_MIN) & (np.abs(jeta) < JET_ETA_MAX)
            sel[jt] = False
            sel &= delta_r(jeta, jphi, teta, tphi) > JET_TAU_CLEAN_DR
            n_sel = int(sel.sum())
            if n_sel < N_JETS_MIN or int((sel & (rpt > JET_HARD_PT)).sum()) < N_HARD_JETS_MIN:
                continue
            # MET from reconstructed objects
            other = keep.copy(); other[jt] = False
            if tau_of_jet[jt] >= 0:
                tv = taus[tau_of_jet[jt]]
                rem_px, rem_py = jpx[jt] - tv[0], jpy[jt] - tv[1]
            else:
                c = core[jt]
                rem_px, rem_py = jpx[jt] - c[0], jpy[jt] - c[1]
            mex = -(rpx[other].sum() + tpx + rem_px + lep_px + uncl_px) + met_noise[0]
            mey = -(rpy[other].sum() + tpy + rem_py + lep_py + uncl_py) + met_noise[1]
            met = math.hypot(mex, mey)
            if met < MET_MIN:
                continue
            # b tagging
            eff = btag_eff(flav[sel], rpt[sel])
            w_b = 1.0 - float(np.prod(1.0 - eff))
            # trigger (three leading selected jets + tau)
            w_trig = trigger_eff(np.sort(rpt[sel])[::-1][:3], tpt)
            # features
            sx, sy, sz, se = rpx[sel], rpy[sel], rpz[sel], re_[sel]
            vx = np.append(sx, tpx); vy = np.append(sy, tpy); vz = np.append(sz, tpz)
            mom = np.stack([vx, vy, vz])
            tensor = mom @ mom.T / (1.0 + (vx * vx + vy * vy + vz * vz).sum())
            ev_ = np.sort(np.linalg.eigvalsh(tensor))   # ascending
            aplan = 1.5 * ev_[0]
            spher = 1.5 * (ev_[0] + ev_[1])
            tau_p = math.sqrt(tpx * tpx + tpy * tpy + tpz * tpz)
            tau_et = te * tpt / tau_p if tau_p > 0 else 0.0
            met_phi = math.atan2(mey, mex)
            dph = abs(float(dphi(tphi, met_phi)))
            mt2 = (tau_et + met) ** 2 - (tpx + mex) ** 2 - (tpy + mey) ** 2
            mt = math.sqrt(max(mt2, 0.0))
            Ex, Ey, Ez, E = sx.sum() + tpx, sy.sum() + tpy, sz.sum() + tpz, se.sum() + te
            m2 = E * E - Ex * Ex - Ey * Ey - Ez * Ez
            mtj = math.sqrt(max(m2, 0.0))
            jp = np.sqrt(sx * sx + sy * sy + sz * sz)
            jet_et = np.where(jp > 0, se * np.hypot(sx, sy) / np.maximum(jp, 1e-12), 0.0)
            ht = float(jet_et.sum()) + tau_et
            feats = np.array([aplan, spher, tq * abs(teta), met, dph, mt, mtj, ht])
            out[var] = (feats, w_tau * w_b * veto_w * w_trig)
        return out


# ----------------------------------------------------------------------------------------------
# Batch driver
# ----------------------------------------------------------------------------------------------
def batch_to_numpy(batch):
    prt = batch.prt
    counts = ak.to_numpy(ak.num(prt))
    flat = {
        "id": ak.to_numpy(ak.flatten(prt.id)),
        "status": ak.to_numpy(ak.flatten(prt.status)),
        "d1": ak.to_numpy(ak.flatten(prt.daughter1)),
        "d2": ak.to_numpy(ak.flatten(prt.daughter2)),
        "px": ak.to_numpy(ak.flatten(prt.p.px)),
        "py": ak.to_numpy(ak.flatten(prt.p.py)),
        "pz": ak.to_numpy(ak.flatten(prt.p.pz)),
        "e": ak.to_numpy(ak.flatten(prt.p.e)),
    }
    offsets = np.concatenate([[0], np.cumsum(counts)])
    return flat, offsets


def cluster_batch(batch, jetdef):
    prt = batch.prt
    p = prt.p
    pt = np.hypot(p.px, p.py)
    aid = abs(prt.id)
    pabs = np.sqrt(p.px ** 2 + p.py ** 2 + p.pz ** 2)
    # |eta| < CALO_ETA_MAX  <=>  |pz| < p * tanh(CALO_ETA_MAX)
    mask = (prt.status > 0) & (aid != 12) & (aid != 14) & (aid != 16) & (pt > 1e-6) & \
           (abs(p.pz) < pabs * math.tanh(CALO_ETA_MAX))
    idx = ak.local_index(prt.id)[mask]
    arr = ak.zip({"px": p.px[mask], "py": p.py[mask], "pz": p.pz[mask], "E": p.e[mask]}, with_name=None)
    cs = fastjet.ClusterSequence(arr, jetdef)
    jets = cs.inclusive_jets(min_pt=10.0)
    cidx = cs.constituent_index(min_pt=10.0)
    return jets, cidx, idx


def preselect(jets):
    pt = np.hypot(jets.px, jets.py)
    pabs = np.sqrt(jets.px ** 2 + jets.py ** 2 + jets.pz ** 2)
    central = abs(jets.pz) < pabs * math.tanh(2.5)
    n30 = ak.sum((pt > 30.0) & central, axis=1)
    n12 = ak.sum((pt > 12.0) & central, axis=1)
    return ak.to_numpy((n30 >= 4) & (n12 >= 5))


class ChargeLookup:
    def __init__(self, particle_data):
        self.pd = particle_data
        self.cache = {}

    def __call__(self, ids):
        u, inv = np.unique(ids, return_inverse=True)
        vals = np.empty(len(u))
        for k, i in enumerate(u):
            i = int(i)
            if i not in self.cache:
                self.cache[i] = float(self.pd.charge(i))
            vals[k] = self.cache[i]
        return vals[inv]


# ----------------------------------------------------------------------------------------------
# Tasks: (process, block of events) with a fixed block size, plus the W+jets K factor.
# A task's identity alone fixes its events: the Pythia seed of a block is derived from
# (seed, process code, generator configuration, block index), the detector random numbers from
# (seed, process code, event number within the process). The unsharded run, a sharded run and
# any re-run of one shard therefore make the same events, and the normalisation is computed at
# the end from the sums that every block records.
# ----------------------------------------------------------------------------------------------
PROCESS_CONFIGS = {
    "ttbar_signal": ["signal_wplus_tau", "signal_wminus_tau"],   # each block split in two halves
    "ttbar_other": ["ttbar_inclusive"],
    "wjets": ["wjets"],
    "qcd": ["qcd"],
}


def process_configs(pname, cfg):
    """Generator configurations of a process; W+jets is split in two when wjets_tauh_fraction > 0."""
    if pname == "wjets" and sampling(cfg, "wjets_tauh_fraction") > 0:
        return ["wjets_tauh", "wjets"]
    return PROCESS_CONFIGS[pname]


def config_quotas(pname, cfg, n_block):
    """Events of each configuration in a block of n_block events."""
    configs = process_configs(pname, cfg)
    if configs == ["wjets_tauh", "wjets"]:
        n1 = int(math.floor(sampling(cfg, "wjets_tauh_fraction") * n_block + 0.5))
        return [n1, n_block - n1]
    k = len(configs)
    return [(ci + 1) * n_block // k - ci * n_block // k for ci in range(k)]


N_OPTION = {"ttbar_signal": "n_signal", "ttbar_other": "n_ttbar", "wjets": "n_wjets", "qcd": "n_qcd"}
KFACTOR_EVENTS = 20000           # process-level events of inclusive LO W -> l nu for the K factor
SHARD_FORMAT = "ttbar-sample-shard-2"   # 2: gzip-compressed (I-of-N.json.gz), features rounded to 6 digits
PYTHIA_SEED_MAX = 900000000      # Pythia accepts Random:seed in 1..900 000 000 (0 = time-based)


def derived_seed(seed, process, config, block):
    """Pythia seed of one task: SHA-256 of "seed/process code/configuration/block", reduced to
    1..900 000 000. Depends only on the task's identity, never on the shard that runs it."""
    text = "%d/%d/%s/%s" % (seed, PROCESS_CODES[process], config, block)
    digest = hashlib.sha256(text.encode("ascii")).digest()
    return int.from_bytes(digest[:8], "big") % PYTHIA_SEED_MAX + 1


def make_tasks(cfg):
    """All tasks of a run, process-major in the order of --processes, blocks in event order."""
    tasks = []
    size = cfg["block_events"]
    for pname in cfg["processes"]:
        n = cfg[N_OPTION[pname]]
        if pname == "wjets":
            tasks.append({"id": "wjets/kfactor", "kind": "kfactor", "process": pname})
        for b in range((n + size - 1) // size):
            first = b * size
            tasks.append({"id": "%s/block-%d" % (pname, b), "kind": "events", "process": pname, "block": b,
                          "first_event": first, "n_events": min(size, n - first)})
    return tasks


def run_kfactor(cfg):
    """sigma_LO(inclusive W -> l nu) from KFACTOR_EVENTS process-level events, fixed seed."""
    seed = derived_seed(cfg["seed"], "wjets", "w_inclusive_lo", "kfactor")
    py = make_pythia("w_inclusive_lo", seed)
    for _ in range(KFACTOR_EVENTS):
        py.next()
    pi = py.infoPython()
    return {"seed": seed, "n_events": KFACTOR_EVENTS, "sigma_lo_pb": pi.sigmaGen() * 1e9,
            "sigma_lo_err_pb": pi.sigmaErr() * 1e9, "br_tau_hadronic_pythia": tau_hadronic_br(py)}


def tau_hadronic_br(py):
    """Pythia's B(tau -> hadrons): the tau decay table's channels without e or mu, over all channels."""
    entry = py.particleData.particleDataEntryPtr(15)
    had = tot = 0.0
    for i in range(entry.sizeChannels()):
        ch = entry.channel(i)
        prods = [abs(ch.product(k)) for k in range(ch.multiplicity())]
        tot += ch.bRatio()
        if 11 not in prods and 13 not in prods:
            had += ch.bRatio()
    return had / tot


def run_block(task, cfg, log):
    """Generates, reconstructs and selects the events of one block. Returns the rows (8 features,
    unnormalised weight = analysis weight x generator weight, configuration index) per variation
    and the block's generator sums; the normalisation is applied only in finish()."""
    pname, block, n_block = task["process"], task["block"], task["n_events"]
    configs = process_configs(pname, cfg)
    quotas = config_quotas(pname, cfg, n_block)
    split_w = configs == ["wjets_tauh", "wjets"]
    jetdef = fastjet.JetDefinition(fastjet.antikt_algorithm, JET_R)
    rows = {v: [] for v in VARIATIONS}
    n_presel = n_rejected_class = n_not_signal = 0
    gen = {}
    ev_number = task["first_event"]          # event number within the process (detector RNG key)
    for ci, cname in enumerate(configs):
        quota = quotas[ci]
        seed = derived_seed(cfg["seed"], pname, cname, block)
        if quota == 0:                       # (tiny blocks only) nothing to generate for this configuration
            gen[cname] = {"seed": seed, "n_generated": 0, "sigma_gen_pb": 0.0, "sigma_err_pb": 0.0,
                          "weight_sum": 0.0, "n_tried": 0}
            continue
        py = make_pythia(cname, seed, cfg)
        an = Analyser(ChargeLookup(py.particleData))
        got = empty = 0
        while got < quota:
            batch = py.nextBatch(min(cfg["batch"], quota - got))
            nb_got = len(batch)
            if nb_got == 0:
                empty += 1
                if empty > 10:
                    raise RuntimeError("Pythia returns no events for %s (seed %d)" % (cname, seed))
                continue
            gen_w = ak.to_numpy(batch.info.weights[:, 0]).astype(float)
            jets, cidx, idxmap = cluster_batch(batch, jetdef)
            pre = preselect(jets)
            flat, offs = batch_to_numpy(batch)
            for i in np.where(pre)[0]:
                sl = slice(offs[i], offs[i + 1])
                ev = {key: arr[sl] for key, arr in flat.items()}
                if pname in ("ttbar_signal", "ttbar_other"):
                    is_signal = ttbar_decay_class(ev["id"], ev["d1"], ev["d2"]) == (1, 1, 0)
                    if pname == "ttbar_signal" and not is_signal:
                        n_not_signal += 1          # counted (should stay 0), kept
                    if pname == "ttbar_other" and is_signal:
                        n_rejected_class += 1      # in ttbar_signal
                        continue
                if split_w and cname == "wjets" and w_to_tau_hadronic(ev["id"], ev["d1"], ev["d2"]):
                    n_rejected_class += 1          # in wjets_tauh
                    continue
                n_presel += 1
                imap = ak.to_numpy(idxmap[i])
                consts = [imap[ak.to_numpy(c)] for c in cidx[i]]
                rng = np.random.default_rng([cfg["seed"], PROCESS_CODES[pname], ev_number + int(i)])
                res = an.analyse(ev, ak.to_numpy(jets.px[i]), ak.to_numpy(jets.py[i]), ak.to_numpy(jets.pz[i]),
                                 ak.to_numpy(jets.E[i]), consts, rng)
                for var, (feats, w) in res.items():
                    # features at the 6 significant digits the CSV prints (same bytes out, smaller
                    # shard files), unnormalised weight at 10 digits; the same in every path
                    rows[var].append([float("%.6g" % x) for x in feats] + [float("%.10g" % (w * gen_w[i])), ci])
            ev_number += nb_got
            got += nb_got
        pi = py.infoPython()
        gen[cname] = {"seed": seed, "n_generated": got, "sigma_gen_pb": pi.sigmaGen() * 1e9,
                      "sigma_err_pb": pi.sigmaErr() * 1e9, "weight_sum": pi.weightSum(), "n_tried": int(pi.nTried())}
        del an, py
    log("[%s] block %d: %d events, presel %d, nominal rows %d" % (pname, block, n_block, n_presel, len(rows["nominal"])))
    return {"configs": gen, "n_preselected": n_presel, "n_rejected_class": n_rejected_class,
            "n_not_signal_topology": n_not_signal, "rows": rows}


def run_task(task, cfg, log):
    result = run_kfactor(cfg) if task["kind"] == "kfactor" else run_block(task, cfg, log)
    # every result goes through JSON, in the unsharded run too, so that finish() sees exactly
    # what a merge reads back from the shard files (floats round-trip exactly through repr)
    return json.loads(json.dumps(result))


# ----------------------------------------------------------------------------------------------
# Finish: normalisation from the totals over all blocks, files written atomically
# ----------------------------------------------------------------------------------------------
def csv_gz_bytes(feats, weights, process):
    """gzip of the CSV with a fixed header (mtime 0, no file name): same bytes for the same rows."""
    lines = [",".join(FEATURES + ["weight", "process"]) + "\n"]
    for r, w in zip(feats, weights):
        lines.append(",".join("%.6g" % x for x in r) + ",%.6g,%s\n" % (w, process))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write("".join(lines).encode("utf-8"))
    return buf.getvalue()


def write_files_atomically(outdir, files):
    """files: list of (name, bytes). All are written to temporary files first, then renamed."""
    os.makedirs(outdir, exist_ok=True)
    tmps = []
    try:
        for name, data in files:
            tmp = os.path.join(outdir, ".%s.tmp-%d" % (name, os.getpid()))
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            tmps.append((tmp, os.path.join(outdir, name)))
    except BaseException:
        for tmp, _ in tmps:
            os.unlink(tmp)
        raise
    for tmp, final in tmps:
        os.replace(tmp, final)


def canonical_command(cfg):
    parts = ["generate_sample.py", "--seed", str(cfg["seed"]), "--n-signal", str(cfg["n_signal"]),
             "--n-ttbar", str(cfg["n_ttbar"]), "--n-wjets", str(cfg["n_wjets"]), "--n-qcd", str(cfg["n_qcd"]),
             "--batch", str(cfg["batch"]), "--block-events", str(cfg["block_events"]), "--processes"] + cfg["processes"]
    if "qcd_bias" in cfg:
        parts += ["--qcd-bias"] + ["%r" % x for x in cfg["qcd_bias"]] + ["--qcd-pthat-min", "%r" % cfg["qcd_pthat_min"],
                  "--wjets-bias"] + ["%r" % x for x in cfg["wjets_bias"]] + ["--wjets-pthat-min", "%r" % cfg["wjets_pthat_min"],
                  "--wjets-tauh-fraction", "%r" % cfg["wjets_tauh_fraction"]]
    if cfg.get("max_minutes") is not None:
        parts += ["--max-minutes"] + ["%g" % m for m in cfg["max_minutes"]]
    return " ".join(parts)


def finish(cfg, done, capped, versions, generator, outdir, log):
    """done: [(task, result)] in task order (all tasks, or a prefix per process when a time cap
    stopped a process). Writes the 28 CSV files and manifest.json; returns the manifest."""
    manifest = {
        "command": canonical_command(cfg),
        "generator_sha256": generator,
        "versions": versions,
        "lumi_pb": LUMI_PB, "seed": cfg["seed"], "variations": VARIATIONS, "columns": FEATURES + ["weight", "process"],
        "block_events": cfg["block_events"],
        "seeding": "Pythia seed of block b of generator configuration c of process p: "
                   "sha256('seed/code(p)/c/b') mod 900000000 + 1 (derived_seed); detector random numbers: "
                   "numpy.random.default_rng([seed, code(p), event number within p])",
        "processes": {},
    }
    kfactor = [r for t, r in done if t["kind"] == "kfactor"]
    files = []
    for pname in cfg["processes"]:
        blocks = [r for t, r in done if t["process"] == pname and t["kind"] == "events"]
        configs = process_configs(pname, cfg)
        info = {"n_blocks": len(blocks), "stopped_by_time_cap": pname in capped, "pythia_settings": {},
                "n_generated": {}, "weight_sum_pythia": {},
                "n_preselected": sum(r["n_preselected"] for r in blocks)}
        norm = []
        for cname in configs:
            g = [r["configs"][cname] for r in blocks]
            n_gen = sum(x["n_generated"] for x in g)
            if n_gen == 0:
                raise SystemExit("error: %s: no events of generator configuration %s (raise --n-* or --block-events)" % (pname, cname))
            wsum = math.fsum(x["weight_sum"] for x in g)
            # Pythia's cross-section estimates of the blocks, averaged with the blocks' event counts
            sig_gen_pb = math.fsum(x["n_generated"] * x["sigma_gen_pb"] for x in g) / n_gen
            sig_err_pb = math.sqrt(math.fsum((x["n_generated"] * x["sigma_err_pb"]) ** 2 for x in g)) / n_gen
            info["pythia_settings"][cname] = process_pythia_settings(cname, cfg)
            info["n_generated"][cname] = n_gen
            info["weight_sum_pythia"][cname] = wsum
            if pname == "ttbar_signal":
                sigma = SIGMA_SIGNAL_PB / 2.0
                info["sigma_pb_used_total"] = SIGMA_SIGNAL_PB
                info["sigma_note"] = "sigma_ttbar(164 pb) x 2 x B(W->tau nu) x B(W->qq') x B(tau->had) (PDG)"
                info["n_events_not_signal_topology"] = sum(r["n_not_signal_topology"] for r in blocks)
            elif pname == "ttbar_other":
                sigma = SIGMA_TTBAR_PB
                info["sigma_pb_used_total"] = SIGMA_TTBAR_PB
                info["sigma_note"] = "inclusive ttbar 164 pb; events with the signal topology (one W->tau_h nu, other W->qq') removed (%d of those passed the preselection)" % sum(r["n_rejected_class"] for r in blocks)
            elif pname == "wjets" and len(configs) == 2:
                k = kfactor[0]
                kfac = SIGMA_W_LNU_PB / k["sigma_lo_pb"]
                br = k["br_tau_hadronic_pythia"] if cname == "wjets_tauh" else 1.0
                sigma = sig_gen_pb * kfac * br
                info.setdefault("configs", {})[cname] = {
                    "sigma_pythia_pb": sig_gen_pb, "sigma_pythia_err_pb": sig_err_pb, "br_factor": br,
                    "sigma_pb_used": sigma}
                info.update({"sigma_pythia_inclusive_W_lnu_LO_pb": k["sigma_lo_pb"],
                             "sigma_pythia_inclusive_W_lnu_LO_err_pb": k["sigma_lo_err_pb"],
                             "k_factor": kfac, "k_factor_events": k["n_events"], "k_factor_pythia_seed": k["seed"],
                             "br_tau_hadronic_pythia": k["br_tau_hadronic_pythia"],
                             # the wjets configuration is inclusive W -> l nu (its tau_h part dropped, not subtracted)
                             "sigma_pb_used_total": info["configs"].get("wjets", {}).get("sigma_pb_used"),
                             "n_rejected_w_tau_hadronic": sum(r["n_rejected_class"] for r in blocks),
                             "sigma_note": "Pythia LO W+jet (pTHat > %g GeV, pTHat^%g bias, weights compensate) x K, "
                                           "K = 31314 pb / Pythia LO inclusive W->l nu; two configurations: wjets_tauh "
                                           "(W -> tau nu, tau -> hadrons; sigma x B(tau->had) of Pythia's tau table) "
                                           "and wjets (W -> e/mu/tau nu; its W -> tau nu, tau -> hadrons events dropped); "
                                           "sigma_pythia = event-weighted mean of the blocks' Pythia estimates"
                                           % (sampling(cfg, "wjets_pthat_min"), sampling(cfg, "wjets_bias")[0])})
            elif pname == "wjets":
                k = kfactor[0]
                kfac = SIGMA_W_LNU_PB / k["sigma_lo_pb"]
                sigma = sig_gen_pb * kfac
                info.update({"sigma_pythia_pb": sig_gen_pb, "sigma_pythia_err_pb": sig_err_pb,
                             "sigma_pythia_inclusive_W_lnu_LO_pb": k["sigma_lo_pb"],
                             "sigma_pythia_inclusive_W_lnu_LO_err_pb": k["sigma_lo_err_pb"],
                             "k_factor": kfac, "k_factor_events": k["n_events"], "k_factor_pythia_seed": k["seed"],
                             "sigma_pb_used_total": sigma,
                             "sigma_note": "Pythia LO W+jet (pTHat > %g GeV, pTHat^%g bias, W->e/mu/tau nu) x K, K = 31314 pb / Pythia LO inclusive W->l nu; "
                                           % (sampling(cfg, "wjets_pthat_min"), sampling(cfg, "wjets_bias")[0]) +
                                           "sigma_pythia = event-weighted mean of the blocks' Pythia estimates"})
            else:
                sigma = sig_gen_pb
                info.update({"sigma_pythia_pb": sig_gen_pb, "sigma_pythia_err_pb": sig_err_pb, "sigma_pb_used_total": sigma,
                             "sigma_note": "Pythia LO 2->2 QCD, pTHat > %g GeV (biased sampling pTHat^%g, weights compensate); "
                                           % (sampling(cfg, "qcd_pthat_min"), sampling(cfg, "qcd_bias")[0]) +
                                           "sigma_pythia = event-weighted mean of the blocks' Pythia estimates"})
            norm.append(sigma * LUMI_PB / wsum)
        norm = np.array(norm)
        info["variations"] = {}
        for var in VARIATIONS:
            rows = [row for r in blocks for row in r["rows"][var]]
            arr = np.array(rows, dtype=float).reshape(-1, len(FEATURES) + 2)
            feats = arr[:, :len(FEATURES)]
            w = arr[:, len(FEATURES)] * norm[arr[:, len(FEATURES) + 1].astype(int)]
            name = "%s__%s.csv.gz" % (pname, var)
            files.append((name, csv_gz_bytes(feats, w, pname)))
            sw2 = float((w ** 2).sum())
            info["variations"][var] = {"rows": int(len(w)), "yield": float(w.sum()), "stat_unc": math.sqrt(sw2),
                                       "n_effective": float(w.sum() ** 2 / sw2) if sw2 > 0 else 0.0, "file": name}
            log("  %-12s %-11s rows %7d  yield %10.2f +- %.2f" % (pname, var, len(w), w.sum(), math.sqrt(sw2)))
        manifest["processes"][pname] = info
    files.append(("manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")))
    write_files_atomically(outdir, files)
    return manifest


# ----------------------------------------------------------------------------------------------
# Provenance, shards, merge
# ----------------------------------------------------------------------------------------------
def generator_sha256():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def current_versions():
    return {"python": platform.python_version(), "numpy": np.__version__, "awkward": ak.__version__,
            "fastjet": fastjet.__version__, "pythia8mc": _dist_version("pythia8mc")}


def config_of(args):
    """What determines the output (everything but --outdir, --shard, --merge)."""
    return {"seed": args.seed, "n_signal": args.n_signal, "n_ttbar": args.n_ttbar, "n_wjets": args.n_wjets,
            "n_qcd": args.n_qcd, "batch": args.batch, "block_events": args.block_events,
            "processes": list(args.processes), "max_minutes": args.max_minutes,
            "qcd_bias": list(args.qcd_bias), "qcd_pthat_min": args.qcd_pthat_min, "wjets_bias": list(args.wjets_bias),
            "wjets_pthat_min": args.wjets_pthat_min, "wjets_tauh_fraction": args.wjets_tauh_fraction}


def argv_without_shard(argv):
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == "--shard":
            skip = True
        elif not a.startswith("--shard="):
            out.append(a)
    return out


def resolve_shard(text):
    if text == "auto":
        idx = os.environ.get("SLURM_ARRAY_TASK_ID")
        if idx is None:
            raise SystemExit("error: --shard auto reads SLURM_ARRAY_TASK_ID, which is not set: this is not a Slurm "
                             "array task (elsewhere, or with HTCondor, give --shard I/N, e.g. --shard $(Process)/N)")
        cnt = os.environ.get("NEOS_SHARDS", os.environ.get("SLURM_ARRAY_TASK_COUNT"))
        text = "%s/%s" % (idx, cnt)
        where = " (from SLURM_ARRAY_TASK_ID and NEOS_SHARDS/SLURM_ARRAY_TASK_COUNT)"
    else:
        where = ""
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise SystemExit("error: --shard takes I/N or auto, got %r%s" % (text, where))
    if n < 1 or not 0 <= i < n:
        raise SystemExit("error: shard %d of %d does not exist%s: shards are numbered 0..N-1" % (i, n, where))
    return i, n


def run_shard(cfg, argv, index, count, outdir, log):
    tasks = make_tasks(cfg)
    total = len(tasks)
    lo, hi = index * total // count, (index + 1) * total // count
    log("shard %d/%d: tasks %d..%d of %d" % (index, count, lo, hi - 1, total))
    t_start = time.time()
    entries = []
    for k in range(lo, hi):
        t0 = time.time()
        res = run_task(tasks[k], cfg, log)
        entries.append({"task": k, "id": tasks[k]["id"], "seconds": round(time.time() - t0, 1), "result": res})
    record = {"format": SHARD_FORMAT, "arguments": argv, "config": cfg, "working_directory": os.getcwd(),
              "generator_sha256": generator_sha256(), "versions": current_versions(),
              "shard": index, "shards": count, "task_count": total, "host": platform.node(),
              "seconds": round(time.time() - t_start, 1), "tasks": entries}
    path = os.path.join(outdir, "shards", "%d-of-%d.json.gz" % (index, count))
    write_files_atomically(os.path.dirname(path), [(os.path.basename(path), gzip_bytes(json.dumps(record, separators=(",", ":")).encode("utf-8")))])
    log("wrote %s (%d tasks, %.0f s)" % (path, len(entries), time.time() - t_start))


def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def merge(outdir, log):
    sdir = os.path.join(outdir, "shards")
    names = sorted(n for n in (os.listdir(sdir) if os.path.isdir(sdir) else []) if n.endswith((".json", ".json.gz")) and not n.startswith("."))
    if not names:
        raise SystemExit("error: %s: no shard files; run generate_sample.py with --shard I/N --outdir %s first" % (sdir, outdir))
    records = []
    for n in names:
        p = os.path.join(sdir, n)
        try:
            with (gzip.open(p, "rt", encoding="utf-8") if n.endswith(".gz") else open(p)) as f:
                rec = json.load(f)
        except (OSError, EOFError, ValueError) as e:
            raise SystemExit("error: %s: not a readable shard file (%s)" % (p, e))
        if not isinstance(rec, dict) or rec.get("format") != SHARD_FORMAT:
            raise SystemExit("error: %s: not a shard file of generate_sample.py (format %r, expected %r)"
                             % (p, rec.get("format") if isinstance(rec, dict) else None, SHARD_FORMAT))
        if n != "%d-of-%d.json.gz" % (rec["shard"], rec["shards"]):
            raise SystemExit("error: %s holds shard %d-of-%d (file name expected %d-of-%d.json.gz); rename or remove it"
                             % (p, rec["shard"], rec["shards"], rec["shard"], rec["shards"]))
        records.append(rec)
    counts = sorted({r["shards"] for r in records})
    if len(counts) != 1:
        raise SystemExit("error: %s: shards of runs split in different numbers of shards (%s); remove the stale ones"
                         % (sdir, ", ".join(names)))
    count = counts[0]
    present = {r["shard"] for r in records}
    missing = [i for i in range(count) if i not in present]
    first = min(records, key=lambda r: r["shard"])
    if missing:
        raise SystemExit("error: %s: missing %d of %d shards: %s; re-run each with the same command and --shard I/%d "
                         "(generate_sample.py %s --shard I/%d), then merge again; nothing was written"
                         % (sdir, len(missing), count, ", ".join("shards/%d-of-%d.json.gz" % (i, count) for i in missing),
                            count, " ".join(first["arguments"]), count))
    records.sort(key=lambda r: r["shard"])
    problems = []
    for r in records[1:]:
        diff = [what for what, key in (("command line (%s)" % " ".join(r["arguments"]), "config"),
                                       ("generator (sha256 %s)" % r["generator_sha256"][:12], "generator_sha256"),
                                       ("package versions (%s)" % r["versions"], "versions"),
                                       ("number of tasks (%d)" % r["task_count"], "task_count"))
                if r[key] != first[key]]
        if diff:
            problems.append("%d-of-%d.json differs from %d-of-%d.json in its %s"
                            % (r["shard"], count, first["shard"], count, ", ".join(diff)))
    if problems:
        raise SystemExit("error: %s: the shards come from different runs: %s; nothing was written" % (sdir, "; ".join(problems)))
    cfg = first["config"]
    tasks = make_tasks(cfg)
    if len(tasks) != first["task_count"]:
        raise SystemExit("error: the shards' command now has %d tasks, the shards were made for %d" % (len(tasks), first["task_count"]))
    here = generator_sha256()
    if here != first["generator_sha256"]:
        raise SystemExit("error: generate_sample.py changed since the shards were made (sha256 %s... now, %s... then); "
                         "run the shards again with this version; nothing was written" % (here[:12], first["generator_sha256"][:12]))
    done, timing = [], []
    for r in records:
        lo, hi = r["shard"] * len(tasks) // count, (r["shard"] + 1) * len(tasks) // count
        got = [(e["task"], e["id"]) for e in r["tasks"]]
        want = [(k, tasks[k]["id"]) for k in range(lo, hi)]
        if got != want:
            raise SystemExit("error: %s/%d-of-%d.json holds tasks %s, but shard %d/%d of %d tasks runs %s; nothing was written"
                             % (sdir, r["shard"], count, got, r["shard"], count, len(tasks), want))
        for e in r["tasks"]:
            done.append((tasks[e["task"]], e["result"]))
            timing.append({"task": e["id"], "seconds": e["seconds"], "shard": "%d/%d" % (r["shard"], count), "host": r.get("host")})
    log("merging %d shards, %d tasks" % (count, len(tasks)))
    finish(cfg, done, set(), first["versions"], first["generator_sha256"], outdir, log)
    timings = {"note": "wall times of the sharded run (not part of the reproducible output)",
               "merged": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "shards": count,
               "shard_seconds": {"%d/%d" % (r["shard"], count): r.get("seconds") for r in records}, "tasks": timing}
    write_files_atomically(outdir, [("timings.json", (json.dumps(timings, indent=1) + "\n").encode("utf-8"))])


def run_unsharded(cfg, outdir, log):
    tasks = make_tasks(cfg)
    t_start = time.time()
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    caps = dict(zip(["ttbar_signal", "ttbar_other", "wjets", "qcd"], cfg["max_minutes"] or [None] * 4))
    done, timing, capped, proc_start = [], [], set(), {}
    for task in tasks:
        pname = task["process"]
        if pname not in proc_start:
            log("=== %s ===" % pname)
            proc_start[pname] = time.time()
        if task["kind"] == "events" and task["block"] > 0 and caps[pname] is not None \
                and time.time() > proc_start[pname] + 60.0 * caps[pname]:
            if pname not in capped:
                log("[%s] time cap of %g min reached after %d blocks" % (pname, caps[pname], task["block"]))
            capped.add(pname)
            continue
        t0 = time.time()
        done.append((task, run_task(task, cfg, log)))
        timing.append({"task": task["id"], "seconds": round(time.time() - t0, 1)})
    finish(cfg, done, capped, current_versions(), generator_sha256(), outdir, log)
    timings = {"note": "wall times of the run (not part of the reproducible output)", "started": started,
               "finished": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "total_seconds": round(time.time() - t_start, 1),
               "process_seconds": {p: round(math.fsum(t["seconds"] for t in timing if t["task"].startswith(p + "/")), 1)
                                   for p in cfg["processes"]},
               "tasks": timing}
    write_files_atomically(outdir, [("timings.json", (json.dumps(timings, indent=1) + "\n").encode("utf-8"))])
    log("done in %.0f s" % (time.time() - t_start))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                 allow_abbrev=False)
    ap.add_argument("--outdir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample"))
    ap.add_argument("--seed", type=int, default=20110404)
    ap.add_argument("--n-signal", type=int, default=1000, help="events of the forced ttbar->tau_h+jets samples (each block split evenly W+/W-)")
    ap.add_argument("--n-ttbar", type=int, default=1000, help="inclusive ttbar events (signal topologies dropped)")
    ap.add_argument("--n-wjets", type=int, default=1000)
    ap.add_argument("--n-qcd", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=500, help="events per Pythia nextBatch call (memory)")
    ap.add_argument("--block-events", type=int, default=2000,
                    help="events per task; each block has its own Pythia seed, derived from (seed, process, block)")
    ap.add_argument("--max-minutes", type=float, nargs=4, default=None, metavar=("SIG", "TT", "W", "QCD"),
                    help="wall-time cap per process (unsharded runs only): no new block is started after it; "
                         "normalisation uses the blocks actually generated")
    ap.add_argument("--qcd-bias", type=float, nargs=2, default=V2_QCD_BIAS, metavar=("POW", "REF"),
                    help="QCD: sample pTHat with a (pTHat/REF)^POW bias, events weighted (REF/pTHat)^POW (POW 0: no bias; "
                         "first production: 3 55)")
    ap.add_argument("--qcd-pthat-min", type=float, default=V2_QCD_PTHAT_MIN, help="QCD: pTHat minimum [GeV] (first production: 55)")
    ap.add_argument("--wjets-bias", type=float, nargs=2, default=V2_WJETS_BIAS, metavar=("POW", "REF"),
                    help="W+jets: pTHat bias as for QCD (first production: 3 30)")
    ap.add_argument("--wjets-pthat-min", type=float, default=V2_WJETS_PTHAT_MIN, help="W+jets: pTHat minimum [GeV] (first production: 30)")
    ap.add_argument("--wjets-tauh-fraction", type=float, default=V2_WJETS_TAUH_FRACTION,
                    help="W+jets: fraction of every block generated as W -> tau nu, tau -> hadrons (configuration wjets_tauh, "
                         "normalised with B(tau -> hadrons)); the rest is W -> e/mu/tau nu without those events. "
                         "0 = one inclusive configuration (first production)")
    ap.add_argument("--processes", nargs="*", default=["ttbar_signal", "ttbar_other", "wjets", "qcd"])
    ap.add_argument("--shard", metavar="I/N|auto",
                    help="run only tasks floor(I*T/N)..<floor((I+1)*T/N) and write OUTDIR/shards/I-of-N.json.gz; "
                         "'auto': I from SLURM_ARRAY_TASK_ID, N from NEOS_SHARDS or SLURM_ARRAY_TASK_COUNT")
    ap.add_argument("--merge", metavar="OUTDIR",
                    help="check OUTDIR/shards/*-of-N.json.gz for completeness and consistency and write exactly what the unsharded run writes")
    args = ap.parse_args()

    def log(msg):
        print(time.strftime("%H:%M:%S"), msg, flush=True)

    if args.merge is not None:
        defaults = vars(ap.parse_args([]))
        extra = [k for k, v in vars(args).items() if k != "merge" and v != defaults[k]]
        if extra:
            ap.error("--merge OUTDIR takes no other options (the shards' command line is used); got --%s"
                     % ", --".join(k.replace("_", "-") for k in extra))
        merge(args.merge, log)
        return
    for p in args.processes:
        if p not in PROCESS_CONFIGS:
            ap.error("unknown process %r (known: %s)" % (p, ", ".join(PROCESS_CONFIGS)))
        if getattr(args, N_OPTION[p]) < 1:
            ap.error("--%s must be at least 1 when %s is generated" % (N_OPTION[p].replace("_", "-"), p))
    if len(set(args.processes)) != len(args.processes):
        ap.error("--processes lists a process twice")
    if args.block_events < 1 or args.batch < 1:
        ap.error("--block-events and --batch must be at least 1")
    if not 0.0 <= args.wjets_tauh_fraction < 1.0:
        ap.error("--wjets-tauh-fraction must be in [0, 1): the W -> e/mu configuration needs events too")
    if args.qcd_pthat_min <= 0 or args.wjets_pthat_min <= 0 or args.qcd_bias[1] <= 0 or args.wjets_bias[1] <= 0:
        ap.error("pTHat minima and bias reference values must be positive")
    if args.shard is not None and args.max_minutes is not None:
        ap.error("--max-minutes cannot be combined with --shard: a time cap makes the number of events depend on "
                 "the machine's speed, so shards would no longer be fixed tasks (size the run with --n-* instead)")
    cfg = config_of(args)
    if args.shard is not None:
        index, count = resolve_shard(args.shard)
        run_shard(cfg, argv_without_shard(sys.argv[1:]), index, count, args.outdir, log)
    else:
        run_unsharded(cfg, args.outdir, log)


def _dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "unknown"


if __name__ == "__main__":
    main()
