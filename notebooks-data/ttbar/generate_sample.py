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
weights in events for 3.9 fb^-1, plus manifest.json with all bookkeeping.
"""
import argparse
import gzip
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


def process_pythia_settings(proc):
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
    if proc == "wjets":
        return ["WeakBosonAndParton:qqbar2Wg = on", "WeakBosonAndParton:qg2Wq = on",
                "24:onMode = off", "24:onIfAny = 11 13 15",
                "PhaseSpace:pTHatMin = 30.",
                "PhaseSpace:bias2Selection = on", "PhaseSpace:bias2SelectionPow = 3.",
                "PhaseSpace:bias2SelectionRef = 30."]
    if proc == "qcd":
        return ["HardQCD:all = on",
                "PhaseSpace:pTHatMin = 55.",
                "PhaseSpace:bias2Selection = on", "PhaseSpace:bias2SelectionPow = 3.",
                "PhaseSpace:bias2SelectionRef = 55."]
    if proc == "w_inclusive_lo":     # only to compute the LO W -> l nu cross section for the K factor
        return ["WeakSingleBoson:ffbar2W = on", "24:onMode = off", "24:onIfAny = 11 13 15",
                "PartonLevel:all = off", "HadronLevel:all = off"]
    raise ValueError(proc)


def make_pythia(proc, seed):
    py = pythia8mc.Pythia("", False)
    for s in COMMON_PYTHIA + process_pythia_settings(proc) + ["Random:seed = %d" % seed]:
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


def run_process(name, gen_configs, n_events, seed, batch_size, max_minutes, analyser_factory,
                classify=None, log=print):
    """gen_configs: list of (config_name, pythia) used in round-robin batches.
    classify(ev) -> True to keep the event (used to drop signal topologies from inclusive ttbar).
    Returns dict with per-variation rows and bookkeeping."""
    jetdef = fastjet.JetDefinition(fastjet.antikt_algorithm, JET_R)
    rows = {v: [] for v in VARIATIONS}
    raw_w = {v: [] for v in VARIATIONS}
    cfg_of_row = {v: [] for v in VARIATIONS}
    pthat_of_row = {v: [] for v in VARIATIONS}
    n_gen = {c: 0 for c, _ in gen_configs}
    n_presel = 0
    n_rejected_class = 0
    t0 = time.time()
    deadline = t0 + 60.0 * max_minutes
    ev_counter = 0
    analysers = {c: analyser_factory(py) for c, py in gen_configs}
    k = 0
    stopped_by_time = False
    while sum(n_gen.values()) < n_events:
        if time.time() > deadline:
            stopped_by_time = True
            break
        cname, py = gen_configs[k % len(gen_configs)]
        k += 1
        nb = min(batch_size, n_events - sum(n_gen.values()))
        batch = py.nextBatch(nb)
        nb_got = len(batch)
        n_gen[cname] += nb_got
        gen_w = ak.to_numpy(batch.info.weights[:, 0]).astype(float)
        pthat = np.sqrt(np.maximum(ak.to_numpy(batch.info.pT2Hat).astype(float), 0.0))
        jets, cidx, idxmap = cluster_batch(batch, jetdef)
        pre = preselect(jets)
        flat, offs = batch_to_numpy(batch)
        jpx_all = jets.px; jpy_all = jets.py; jpz_all = jets.pz; je_all = jets.E
        an = analysers[cname]
        for i in np.where(pre)[0]:
            ev_counter_i = ev_counter + int(i)
            sl = slice(offs[i], offs[i + 1])
            ev = {key: arr[sl] for key, arr in flat.items()}
            if classify is not None and not classify(ev):
                n_rejected_class += 1
                continue
            n_presel += 1
            imap = ak.to_numpy(idxmap[i])
            ci = cidx[i]
            consts = [imap[ak.to_numpy(c)] for c in ci]
            rng = np.random.default_rng([seed, PROCESS_CODES[name], ev_counter_i])
            res = an.analyse(ev, ak.to_numpy(jpx_all[i]), ak.to_numpy(jpy_all[i]), ak.to_numpy(jpz_all[i]),
                             ak.to_numpy(je_all[i]), consts, rng)
            for var, (feats, w) in res.items():
                rows[var].append(feats)
                raw_w[var].append(w * gen_w[i])
                cfg_of_row[var].append(cname)
                pthat_of_row[var].append(pthat[i])
        ev_counter += nb_got
        el = time.time() - t0
        ntot = sum(n_gen.values())
        log("[%s] generated %d/%d  presel %d  nominal rows %d  %.1f ev/s  elapsed %.0f s" %
            (name, ntot, n_events, n_presel, len(rows["nominal"]), ntot / max(el, 1e-9), el))
    elapsed = time.time() - t0
    return dict(rows=rows, raw_w=raw_w, cfg_of_row=cfg_of_row, pthat_of_row=pthat_of_row, n_gen=n_gen, n_presel=n_presel,
                n_rejected_class=n_rejected_class, elapsed=elapsed, stopped_by_time=stopped_by_time)


def write_csv(path, feats, weights, process):
    with gzip.open(path, "wt", compresslevel=9) as f:
        f.write(",".join(FEATURES + ["weight", "process"]) + "\n")
        for r, w in zip(feats, weights):
            f.write(",".join("%.6g" % x for x in r) + ",%.6g,%s\n" % (w, process))


def w_lo_cross_section_pb(seed, n=20000):
    py = make_pythia("w_inclusive_lo", seed)
    for _ in range(n):
        py.next()
    return py.infoPython().sigmaGen() * 1e9, py.infoPython().sigmaErr() * 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--outdir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample"))
    ap.add_argument("--seed", type=int, default=20110404)
    ap.add_argument("--n-signal", type=int, default=1000, help="events of the forced ttbar->tau_h+jets samples (split evenly W+/W-)")
    ap.add_argument("--n-ttbar", type=int, default=1000, help="inclusive ttbar events (signal topologies dropped)")
    ap.add_argument("--n-wjets", type=int, default=1000)
    ap.add_argument("--n-qcd", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--max-minutes", type=float, nargs=4, default=[1e9] * 4, metavar=("SIG", "TT", "W", "QCD"),
                    help="wall-time cap per process; normalisation uses the events actually generated")
    ap.add_argument("--processes", nargs="*", default=["ttbar_signal", "ttbar_other", "wjets", "qcd"])
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    def log(msg):
        print(time.strftime("%H:%M:%S"), msg, flush=True)

    manifest = {
        "command": " ".join([os.path.basename(sys.executable)] + sys.argv),
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "awkward": ak.__version__,
                     "fastjet": fastjet.__version__, "pythia8mc": _dist_version("pythia8mc")},
        "lumi_pb": LUMI_PB, "seed": args.seed, "variations": VARIATIONS, "columns": FEATURES + ["weight", "process"],
        "processes": {},
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
    t_start = time.time()
    sb = args.seed % 100000 * 10

    def analyser_factory(py):
        return Analyser(ChargeLookup(py.particleData))

    for pname in args.processes:
        log("=== %s ===" % pname)
        classify = None
        if pname == "ttbar_signal":
            cfgs = [("signal_wplus_tau", make_pythia("signal_wplus_tau", sb + 1)),
                    ("signal_wminus_tau", make_pythia("signal_wminus_tau", sb + 2))]
            n, mm = args.n_signal, args.max_minutes[0]
            check = {"n_bad": 0}

            def classify(ev, check=check):
                c = ttbar_decay_class(ev["id"], ev["d1"], ev["d2"])
                if c != (1, 1, 0):
                    check["n_bad"] += 1
                return True
        elif pname == "ttbar_other":
            cfgs = [("ttbar_inclusive", make_pythia("ttbar_inclusive", sb + 3))]
            n, mm = args.n_ttbar, args.max_minutes[1]

            def classify(ev):
                return ttbar_decay_class(ev["id"], ev["d1"], ev["d2"]) != (1, 1, 0)
        elif pname == "wjets":
            cfgs = [("wjets", make_pythia("wjets", sb + 4))]
            n, mm = args.n_wjets, args.max_minutes[2]
        elif pname == "qcd":
            cfgs = [("qcd", make_pythia("qcd", sb + 5))]
            n, mm = args.n_qcd, args.max_minutes[3]
        else:
            raise ValueError(pname)
        res = run_process(pname, cfgs, n, args.seed, args.batch, mm, analyser_factory, classify=classify, log=log)

        # ---- normalisation: per generator configuration, weight = sigma * lumi * w_i / sum_w ----
        info = {"n_generated": res["n_gen"], "n_preselected": res["n_presel"], "seconds": round(res["elapsed"], 1),
                "stopped_by_time_cap": res["stopped_by_time"], "pythia_settings": {}}
        norm = {}
        for cname, py in cfgs:
            pi = py.infoPython()
            info["pythia_settings"][cname] = process_pythia_settings(cname)
            sig_gen_pb = pi.sigmaGen() * 1e9
            wsum = pi.weightSum()
            if pname == "ttbar_signal":
                sigma = SIGMA_SIGNAL_PB / 2.0
                info["sigma_pb_used_total"] = SIGMA_SIGNAL_PB
                info["sigma_note"] = "sigma_ttbar(164 pb) x 2 x B(W->tau nu) x B(W->qq') x B(tau->had) (PDG)"
                info["n_events_not_signal_topology"] = check["n_bad"]
            elif pname == "ttbar_other":
                sigma = SIGMA_TTBAR_PB
                info["sigma_pb_used_total"] = SIGMA_TTBAR_PB
                info["sigma_note"] = "inclusive ttbar 164 pb; events with the signal topology (one W->tau_h nu, other W->qq') removed (%d of those passed the preselection)" % res["n_rejected_class"]
            elif pname == "wjets":
                s_lo, s_lo_err = w_lo_cross_section_pb(sb + 6)
                kfac = SIGMA_W_LNU_PB / s_lo
                sigma = sig_gen_pb * kfac
                info.update({"sigma_pythia_pb": sig_gen_pb, "sigma_pythia_inclusive_W_lnu_LO_pb": s_lo,
                             "k_factor": kfac, "sigma_pb_used_total": sigma,
                             "sigma_note": "Pythia LO W+jet (pTHat>30 GeV, W->e/mu/tau nu) x K, K = 31314 pb / Pythia LO inclusive W->l nu"})
            else:
                sigma = sig_gen_pb
                info.update({"sigma_pythia_pb": sig_gen_pb, "sigma_pb_used_total": sigma,
                             "sigma_note": "Pythia LO 2->2 QCD, pTHat > 55 GeV (biased sampling pTHat^3, weights compensate)"})
            norm[cname] = sigma * LUMI_PB / wsum
            info.setdefault("weight_sum_pythia", {})[cname] = wsum
        info["variations"] = {}
        for var in VARIATIONS:
            feats = np.array(res["rows"][var]).reshape(-1, len(FEATURES))
            w = np.array([rw * norm[c] for rw, c in zip(res["raw_w"][var], res["cfg_of_row"][var])])
            path = os.path.join(args.outdir, "%s__%s.csv.gz" % (pname, var))
            write_csv(path, feats, w, pname)
            sw2 = float((w ** 2).sum())
            info["variations"][var] = {"rows": int(len(w)), "yield": float(w.sum()),
                                       "stat_unc": math.sqrt(sw2),
                                       "n_effective": float(w.sum() ** 2 / sw2) if sw2 > 0 else 0.0,
                                       "file": os.path.basename(path)}
            log("  %-11s rows %7d  yield %10.2f +- %.2f" % (var, len(w), w.sum(), np.sqrt((w ** 2).sum())))
        manifest["processes"][pname] = info
        manifest["total_seconds"] = round(time.time() - t_start, 1)
        with open(os.path.join(args.outdir, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=1, sort_keys=True)
    manifest["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    with open(os.path.join(args.outdir, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    log("done in %.0f s" % (time.time() - t_start))


def _dist_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "unknown"


if __name__ == "__main__":
    main()
