/* « Mon parcours » on the course site: the reader's profile per principle, drawn in the page.
 *
 * Loaded after casebook-player.js, whose engine and storage it reuses (window.CasebookPlayer):
 * every stored case is scored with the same rules as in the case pages. Nothing is fetched
 * and nothing is sent; « Exporter mes réponses » hands the stored answers to the reader as a
 * JSON file that `casebook import` reads.
 */
(function () {
  "use strict";

  const { makeEngine, makeStorage, readPayload, hideStatic, common, h, svg, fmt } = window.CasebookPlayer;

  function ProgressPage(root, payload, engine, storage) {
    const { M, links, principleLink } = common(payload);
    const revisitBelow = payload.config.revisitBelow;
    const notice = h("p", { class: "cb-notice", hidden: true });
    const profile = h("div", { class: "cb-profile-box" });
    const status = h("p", { class: "cb-status", role: "status", "aria-live": "polite" });
    const exportButton = h("button", { type: "button", class: "cb-btn", onclick: exportAnswers }, M.export);
    const eraseButton = h("button", { type: "button", class: "cb-btn cb-secondary", onclick: eraseAnswers }, M.erase);
    root.replaceChildren(notice, profile,
      h("section", { class: "cb-data", "aria-labelledby": "cb-data-title" },
        h("h2", { id: "cb-data-title" }, M.data_title),
        h("p", {}, M.kept_here),
        h("p", { class: "cb-actions" }, exportButton, " ", eraseButton), status));

    function compute(data) {
      const done = [];
      const started = [];
      const totals = {};
      Object.keys(payload.principles).forEach((p) => {
        totals[p] = { earned: 0, possible: 0, cases: 0, cbm: [] };
      });
      for (const kase of payload.cases) {
        const entry = data && data.cases[kase.id];
        if (!entry) continue;
        const result = engine.score(kase, entry);
        if (!result.complete) {
          started.push({ kase, result });
          continue;
        }
        done.push({ kase, result });
        for (const [p, s] of Object.entries(result.by_principle)) {
          if (!totals[p]) continue;
          totals[p].earned += s.earned;
          totals[p].possible += s.possible;
          if (s.possible > 0) totals[p].cases += 1;
        }
        result.steps.forEach((s) => {
          if (s.cbm === null) return;
          for (const p of engine.stepPrinciples(engine.stepOf(kase, s.step_id))) if (totals[p]) totals[p].cbm.push(s.cbm);
        });
      }
      return { done, started, totals };
    }

    function calibration(values) {
      if (!values.length) return M.calibration_none;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const word = mean >= 1.5 ? M.calibration_good : mean >= 0 ? M.calibration_mixed : M.calibration_over;
      const shown = (Math.round(mean * 10) / 10).toLocaleString("fr-FR", { signDisplay: "exceptZero" })
        .replace("-", "\u2212");
      return `${fmt(M.calibration, { x: shown, n: values.length })} (${word})`;
    }

    function render() {
      const stored = storage.read();
      notice.hidden = true;
      if (stored.state === "unreadable" || stored.state === "unavailable") {
        notice.textContent = stored.state === "unreadable" ? M.storage_unreadable : M.storage_unavailable;
        notice.hidden = false;
      }
      const { done, started, totals } = compute(stored.data);
      const items = Object.keys(payload.principles).map((p) => {
        const t = totals[p];
        const pct = t.possible ? Math.round((t.earned / t.possible) * 100) : 0;
        const name = `${p} · ${payload.principles[p]}`;
        return h("li", { class: "cb-principle", "data-principle": p },
          h("p", { class: "cb-pname" }, principleLink(p)),
          h("div", { class: "cb-bar" }, svg("svg", { viewBox: "0 0 100 6", preserveAspectRatio: "none",
            role: "img", "aria-label": t.possible ? fmt(M.chart_label, { x: name, y: pct }) : `${name} : ${M.not_worked}`,
            width: "100%", height: "14", focusable: "false" },
          svg("rect", { x: 0, y: 0, width: 100, height: 6, fill: "#e3e9f0" }),
          svg("rect", { x: 0, y: 0, width: pct, height: 6, fill: "#2b5d8a" }))),
          h("p", { class: "cb-pstats" }, t.possible
            ? `${fmt(M.principle_line, { x: t.earned, y: t.possible, z: pct, n: t.cases })} · ${calibration(t.cbm)}`
            : M.not_worked));
      });
      const caseLink = (kase, text) => h("a", { href: `${links.cases}${kase.id}.html` }, text);
      const lowCases = done.filter(({ result }) => result.maximum && result.points / result.maximum < revisitBelow);
      const revisitCases = [
        ...started.map(({ kase }) => h("li", {}, caseLink(kase, fmt(M.case_started, { x: kase.title })))),
        ...lowCases.map(({ kase, result }) => h("li", {},
          caseLink(kase, fmt(M.case_low, { x: kase.title, y: result.points, z: result.maximum })))),
      ];
      const revisitPrinciples = Object.keys(payload.principles)
        .filter((p) => totals[p].possible && totals[p].earned / totals[p].possible < revisitBelow)
        .map((p) => h("li", {}, principleLink(p)));
      profile.replaceChildren(
        h("section", { class: "cb-profile", "aria-labelledby": "cb-profile-title" },
          h("h2", { id: "cb-profile-title" }, M.profile_title),
          h("p", {}, fmt(M.profile_intro, { x: done.length, y: payload.cases.length, z: started.length })),
          done.length ? null : h("p", { class: "cb-hint" }, M.nothing_yet),
          h("ul", { class: "cb-chart" }, items)),
        h("section", { class: "cb-revisit", "aria-labelledby": "cb-revisit-title" },
          h("h2", { id: "cb-revisit-title" }, M.revisit_title),
          revisitCases.length || revisitPrinciples.length ? [
            revisitCases.length ? [h("h3", {}, M.revisit_cases), h("ul", {}, revisitCases)] : null,
            revisitPrinciples.length ? [h("h3", {}, M.revisit_principles), h("ul", {}, revisitPrinciples)] : null,
          ] : h("p", {}, M.revisit_none)));
      return stored;
    }

    function exportAnswers() {
      const stored = storage.read();
      if (!stored.data || !Object.keys(stored.data.cases).length) {
        status.textContent = M.nothing_to_export;
        return;
      }
      const text = JSON.stringify({ format: stored.data.format, seed: stored.data.seed, cases: stored.data.cases },
        null, 1);
      const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      const link = h("a", { href: url, download: M.file_name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      status.textContent = fmt(M.exported, { x: M.file_name });
    }

    function eraseAnswers() {
      if (!window.confirm(M.erase_confirm)) return;
      status.textContent = storage.erase() ? M.erased : M.storage_unavailable;
      render();
    }

    render();
  }

  function start() {
    const payload = readPayload();
    const root = document.getElementById("cb-progress");
    if (!payload || !root || !payload.cases) return;
    try {
      const engine = makeEngine(payload.config);
      ProgressPage(root, payload, engine, makeStorage(payload.config, engine));
      hideStatic(root);
    } catch (error) {
      if (window.console) window.console.error(error);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
