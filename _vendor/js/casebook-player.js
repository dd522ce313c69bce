/* The course site's player: play a public case in the page, and « Mon parcours ».
 *
 * Plain JavaScript, no library, nothing fetched: the page embeds its data
 * (<script type="application/json" id="cb-data">, generated from the case files by
 * casebook/siteplayer.py). The scoring rules are those of casebook/scoring.py, and
 * the option order that of casebook/order.py; tests/test_site_player.py compares
 * both with the Python engine in Chromium. Answers stay in this browser's
 * localStorage, written only when the reader validates an answer.
 * « Mon parcours » (casebook-parcours.js) reuses the engine through window.CasebookPlayer.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- engine

  /** 32-bit FNV-1a of the UTF-8 bytes of text (casebook.order.fnv1a_32). */
  function fnv1a32(text) {
    const bytes = new TextEncoder().encode(text);
    let hash = 0x811c9dc5;
    for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash >>> 0;
  }

  /** MurmurHash3's 32-bit finaliser (casebook.order.fmix32): mixes the last differing byte too. */
  function fmix32(value) {
    let h = value >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  /** Option ids in the order this reader sees them (casebook.order.display_order). */
  function displayOrder(seed, caseId, stepId, optionIds) {
    return optionIds
      .map((id, index) => [fmix32(fnv1a32(`${seed}|${caseId}|${stepId}|${id}`)), index, id])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map((entry) => entry[2]);
  }

  /** A…Z, then AA, AB… (casebook.order.option_letters). */
  function optionLetters(count) {
    const letters = [];
    for (let index = 0; index < count; index++) {
      let label = "";
      let n = index;
      for (;;) {
        label = String.fromCharCode(65 + (n % 26)) + label;
        n = Math.floor(n / 26) - 1;
        if (n < 0) break;
      }
      letters.push(label);
    }
    return letters;
  }

  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const isMapping = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  const pyFalsy = (value) => value === undefined || value === null || value === false || value === 0 ||
    value === "" || (Array.isArray(value) && value.length === 0) ||
    (isMapping(value) && Object.keys(value).length === 0);
  const total = (options) => options.reduce((sum, option) => sum + option.points, 0);
  const sortedUnique = (items) => Array.from(new Set(items)).sort();

  function makeEngine(config) {
    const rank = (verdict) => config.verdicts[verdict].rank;
    const isGood = (verdict) => rank(verdict) >= 2;
    const bestPaths = new WeakMap();

    function stepOf(kase, stepId) {
      const step = kase.steps.find((s) => s.id === stepId);
      if (!step) throw new Error(`étape inconnue : ${stepId}`);
      return step;
    }

    function stepPrinciples(step) {
      const all = [];
      for (const option of step.options) all.push(...option.respects, ...option.breaks);
      return sortedUnique(all);
    }

    function stepMaximum(step) {
      if (step.kind === "single") return Math.max(...step.options.map((o) => o.points));
      return total(step.options.filter((o) => o.points > 0));
    }

    function nextStepId(step, chosen) {
      if (step.kind === "single" && chosen.length && chosen[0].next) return chosen[0].next;
      return step.next || null;
    }

    /** Single choice: the best option (first on ties); multiple: every option earning points. */
    function bestChoice(step) {
      if (step.kind === "multiple") return step.options.filter((o) => o.points > 0);
      let best = step.options[0];
      for (const option of step.options.slice(1)) {
        if (option.points > best.points ||
            (option.points === best.points && rank(option.verdict) > rank(best.verdict))) best = option;
      }
      return [best];
    }

    function bestPath(kase) {
      if (bestPaths.has(kase)) return bestPaths.get(kase);
      const memo = new Map();
      function bestFrom(stepId, depth) {
        if (memo.has(stepId)) return memo.get(stepId);
        if (depth > kase.steps.length) return [0, []];
        const step = stepOf(kase, stepId);
        const candidates = step.kind === "multiple"
          ? [[bestChoice(step), step.next]]
          : step.options.map((o) => [[o], o.next || step.next]);
        let best = null;
        for (const [picks, next] of candidates) {
          const earned = Math.max(0, total(picks));
          const [tailPoints, tail] = next ? bestFrom(next, depth + 1) : [0, []];
          if (best === null || earned + tailPoints > best[0]) {
            best = [earned + tailPoints, [[step.id, picks.map((o) => o.id)], ...tail]];
          }
        }
        memo.set(stepId, best);
        return best;
      }
      const path = bestFrom(kase.steps[0].id, 0)[1];
      bestPaths.set(kase, path);
      return path;
    }

    function caseMaximum(kase) {
      let sum = 0;
      for (const [stepId, picks] of bestPath(kase)) {
        const step = stepOf(kase, stepId);
        sum += Math.max(0, total(step.options.filter((o) => picks.includes(o.id))));
      }
      return sum;
    }

    function possibleByPrinciple(kase) {
      const possible = {};
      for (const [stepId] of bestPath(kase)) {
        const step = stepOf(kase, stepId);
        const maximum = stepMaximum(step);
        for (const p of stepPrinciples(step)) possible[p] = (possible[p] || 0) + maximum;
      }
      const sorted = {};
      for (const p of Object.keys(possible).sort()) sorted[p] = possible[p];
      return sorted;
    }

    /** casebook.scoring.Answers.from_dict: plain data to {choices, confidence}; throws (French) on a wrong shape. */
    function fromDict(data) {
      if (!isMapping(data)) throw new Error("les réponses doivent être un objet");
      const choices = pyFalsy(data.choices) ? {} : data.choices;
      const confidence = pyFalsy(data.confidence) ? {} : data.confidence;
      if (!isMapping(choices) || !isMapping(confidence)) {
        throw new Error("« choices » et « confidence » doivent être des objets");
      }
      const clean = {};
      for (const [stepId, value] of Object.entries(choices)) {
        const picked = typeof value === "string" ? [value] : value;
        if (!Array.isArray(picked) || !picked.every((p) => typeof p === "string")) {
          throw new Error(`choix invalide pour l'étape « ${stepId} »`);
        }
        clean[stepId] = picked.slice();
      }
      const levels = {};
      for (const [stepId, level] of Object.entries(confidence)) {
        if (typeof level !== "number" || !Number.isInteger(level)) {
          throw new Error(`confiance invalide pour l'étape « ${stepId} »`);
        }
        levels[stepId] = level;
      }
      return { choices: clean, confidence: levels };
    }

    function scoreStep(step, picked, confidence) {
      const known = new Set(step.options.map((o) => o.id));
      const maximum = stepMaximum(step);
      const unknown = picked.filter((p) => !known.has(p));
      let problem = null;
      if (new Set(picked).size !== picked.length) problem = "option choisie deux fois";
      else if (unknown.length) problem = `option inconnue : ${unknown.join(", ")}`;
      else if (step.kind === "single" && picked.length > 1) {
        problem = "plusieurs options choisies pour une question à choix unique";
      } else if (!picked.length) problem = "aucune option choisie";
      if (problem) {
        return [{ step_id: step.id, chosen: picked.slice(), earned: 0, maximum, verdict: null, correct: false,
          principles_respected: [], principles_broken: [], problem, confidence: null, cbm: null }, []];
      }
      const chosen = step.options.filter((o) => picked.includes(o.id));
      const earned = Math.max(0, total(chosen));
      let worst = chosen[0].verdict;
      for (const option of chosen) if (rank(option.verdict) < rank(worst)) worst = option.verdict;
      const correct = step.kind === "single"
        ? isGood(worst)
        : maximum > 0 && earned >= maximum / 2 && chosen.every((o) => isGood(o.verdict));
      const level = [1, 2, 3].includes(confidence) ? confidence : null;
      return [{
        step_id: step.id,
        chosen: chosen.map((o) => o.id),
        earned,
        maximum,
        verdict: worst,
        correct,
        principles_respected: sortedUnique(chosen.flatMap((o) => o.respects)),
        principles_broken: sortedUnique(chosen.flatMap((o) => o.breaks)),
        problem: null,
        confidence: level,
        cbm: level === null ? null : (correct ? config.cbmRight[level] : config.cbmWrong[level]),
      }, chosen];
    }

    /** casebook.scoring.score: never throws on bad answers; they earn zero, with a reason. */
    function score(kase, raw) {
      const problems = [];
      let answers;
      try {
        answers = fromDict(raw);
      } catch (error) {
        answers = { choices: {}, confidence: {} };
        problems.push(`réponses illisibles : ${error.message}`);
      }
      const possible = possibleByPrinciple(kase);
      const earnedBy = {};
      for (const p of Object.keys(possible)) earnedBy[p] = 0;
      const steps = [];
      const visited = new Set();
      let stepId = kase.steps[0].id;
      let complete = false;
      while (stepId !== null && !visited.has(stepId)) {
        visited.add(stepId);
        const step = stepOf(kase, stepId);
        const picked = hasOwn(answers.choices, stepId) ? answers.choices[stepId] : [];
        const level = hasOwn(answers.confidence, stepId) ? answers.confidence[stepId] : null;
        const [result, chosen] = scoreStep(step, picked, level);
        steps.push(result);
        if (result.problem) {
          if (picked.length) problems.push(`étape « ${stepId} » : ${result.problem}`);
          break;
        }
        for (const p of stepPrinciples(step)) {
          if (hasOwn(earnedBy, p) && !result.principles_broken.includes(p)) earnedBy[p] += result.earned;
        }
        stepId = nextStepId(step, chosen);
        if (stepId === null) complete = true;
      }
      const offPath = Object.keys(answers.choices).filter((id) => !visited.has(id)).sort();
      if (offPath.length) problems.push(`réponses hors du parcours ignorées : ${offPath.join(", ")}`);
      const byPrinciple = {};
      for (const p of Object.keys(possible)) {
        byPrinciple[p] = { earned: Math.min(earnedBy[p], possible[p]), possible: possible[p] };
      }
      const maximum = caseMaximum(kase);
      const cbms = steps.filter((s) => s.cbm !== null).map((s) => s.cbm);
      return {
        case_id: kase.id,
        points: Math.min(steps.reduce((sum, s) => sum + s.earned, 0), maximum),
        maximum,
        steps,
        by_principle: byPrinciple,
        complete,
        problems,
        cbm_total: cbms.length ? cbms.reduce((a, b) => a + b, 0) : null,
      };
    }

    return { score, fromDict, bestChoice, bestPath, caseMaximum, possibleByPrinciple, stepPrinciples,
      stepMaximum, nextStepId, stepOf, isGood };
  }

  // --------------------------------------------------------------- storage

  function randomSeed() {
    const bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** The reader's answers in localStorage, in the format of casebook/store.py plus the order seed. */
  function makeStorage(config, engine) {
    const SEED = /^[A-Za-z0-9_-]{1,64}$/;
    let memorySeed = null;

    function backend() {
      try {
        return window.localStorage;
      } catch (error) {
        return null;
      }
    }

    function parse(text) {
      const data = JSON.parse(text);
      if (!isMapping(data) || data.format !== config.format || !isMapping(data.cases)) throw new Error("format");
      if (data.seed !== undefined && !(typeof data.seed === "string" && SEED.test(data.seed))) {
        throw new Error("seed");
      }
      const cases = {};
      for (const [caseId, entry] of Object.entries(data.cases)) cases[caseId] = engine.fromDict(entry);
      return { format: config.format, seed: data.seed || null, cases };
    }

    /** {state: "empty" | "ok" | "unreadable" | "unavailable", data, text}. Never throws. */
    function read() {
      const store = backend();
      let text = null;
      try {
        if (!store) return { state: "unavailable", data: null };
        text = store.getItem(config.storageKey);
      } catch (error) {
        return { state: "unavailable", data: null };
      }
      if (text === null) return { state: "empty", data: null };
      try {
        return { state: "ok", data: parse(text) };
      } catch (error) {
        return { state: "unreadable", data: null, text };
      }
    }

    /** The reader's seed: the stored one, else a random one kept in memory until the first save. */
    function seed() {
      const current = read();
      if (current.data && current.data.seed) return current.data.seed;
      if (!memorySeed) memorySeed = randomSeed();
      return memorySeed;
    }

    /** Re-read, change one thing, write back (other tabs' answers are kept). Returns false on failure. */
    function update(change) {
      const store = backend();
      if (!store) return false;
      try {
        const current = read();
        if (current.state === "unavailable") return false;
        if (current.state === "unreadable") {
          // Unreadable answers are moved aside, never deleted.
          let key = config.asideKey;
          for (let n = 2; store.getItem(key) !== null; n++) key = `${config.asideKey}-${n}`;
          store.setItem(key, current.text);
        }
        const data = current.data || { format: config.format, seed: null, cases: {} };
        data.seed = data.seed || seed();
        change(data.cases);
        const cases = {};
        for (const id of Object.keys(data.cases).sort()) cases[id] = data.cases[id];
        store.setItem(config.storageKey, JSON.stringify({ format: config.format, seed: data.seed, cases }));
        return true;
      } catch (error) {
        return false;
      }
    }

    function erase() {
      const store = backend();
      if (!store) return false;
      try {
        const keys = [];
        for (let i = 0; i < store.length; i++) {
          const key = store.key(i);
          if (key === config.storageKey || key.startsWith(config.asideKey)) keys.push(key);
        }
        keys.forEach((key) => store.removeItem(key));
        memorySeed = null;
        return true;
      } catch (error) {
        return false;
      }
    }

    return { read, seed, update, erase };
  }

  // ------------------------------------------------------------------- DOM

  function h(tag, attrs, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") element.className = value;
      else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      element.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
    }
    return element;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) element.setAttribute(key, String(value));
    children.forEach((child) => element.append(child));
    return element;
  }

  const fmt = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, key) => (hasOwn(values, key) ? String(values[key]) : match));
  const signed = (n) => (n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : "0");
  const paragraphs = (text) =>
    text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => h("p", {}, p));

  function readPayload() {
    const node = document.getElementById("cb-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  /** The page's static version (no JavaScript) gives way to the player. */
  function hideStatic(root) {
    document.querySelectorAll(".cb-nojs").forEach((node) => { node.hidden = true; });
    for (const id of (root.dataset.hide || "").split(" ").filter(Boolean)) {
      const target = document.getElementById(id);
      if (!target) continue;
      // Sphinx puts a label's <span id> at the top of its section, before the heading.
      const parent = target.parentElement;
      const section = target.tagName === "SECTION" ? target
        : parent && parent.tagName === "SECTION" && parent.firstElementChild === target ? parent : null;
      if (section) {
        section.hidden = true;
        document.querySelectorAll(`nav a[href="#${section.id}"], nav a[href="#${id}"]`).forEach((link) => {
          const item = link.closest("li");
          if (item) item.hidden = true;
        });
      }
    }
    root.hidden = false;
  }

  function common(payload) {
    const M = payload.messages;
    const links = payload.links;
    const principleLink = (id, kind) => h("a", {
      class: `cb-badge cb-${kind || "neutral"}`,
      href: `${links.principles}#${id.toLowerCase()}`,
    }, payload.principles[id] ? `${id} · ${payload.principles[id]}` : id);
    const referenceLink = (id) => {
      const ref = payload.references && payload.references[id];
      if (!ref) return h("span", {}, id);
      return h("span", {}, h("a", { href: `${links.references}#ref-${id}`, title: ref.title }, ref.label),
        ref.caveat ? h("em", {}, ` (${M.caveat} : ${ref.caveat})`) : null);
    };
    return { M, links, principleLink, referenceLink };
  }

  // ------------------------------------------------------------ case page

  function CasePlayer(root, payload, engine, storage) {
    const kase = payload.case;
    const { M, links, principleLink, referenceLink } = common(payload);
    const verdictLabel = (v) => payload.config.verdicts[v].label;
    let choices = {};
    let confidence = {};
    let path = [];
    let seed = storage.seed();

    const notice = h("p", { class: "cb-notice", hidden: true });
    const stepsBox = h("div", { class: "cb-steps" });
    const summaryBox = h("div", { class: "cb-summary-box" });
    const restartButton = h("button", { type: "button", class: "cb-btn cb-secondary", hidden: true,
      title: M.restart_hint, onclick: restart }, M.restart);
    const live = h("div", { class: "cb-sr", role: "status", "aria-live": "polite" });
    root.replaceChildren(
      h("p", { class: "cb-kept" }, M.kept_here), notice, stepsBox, summaryBox,
      h("p", { class: "cb-actions" }, restartButton), live);

    function say(text) {
      notice.textContent = text;
      notice.hidden = !text;
    }

    function currentStepId() {
      let stepId = kase.steps[0].id;
      while (stepId !== null && hasOwn(choices, stepId)) {
        const step = engine.stepOf(kase, stepId);
        stepId = engine.nextStepId(step, step.options.filter((o) => choices[stepId].includes(o.id)));
      }
      return stepId;
    }

    /** CaseSession.validate: returns a French problem, or null when the answer is taken. */
    function accept(stepId, picked, level) {
      if (stepId !== currentStepId()) return "étape hors parcours";
      const step = engine.stepOf(kase, stepId);
      if (!picked.length) return M.nothing_chosen;
      if (picked.some((p) => !step.options.some((o) => o.id === p))) return "option inconnue";
      if (step.kind === "single" && picked.length !== 1) return "une seule option est attendue";
      choices[stepId] = step.options.filter((o) => picked.includes(o.id)).map((o) => o.id);
      if ([1, 2, 3].includes(level)) confidence[stepId] = level;
      path.push(stepId);
      return null;
    }

    const answers = () => {
      const ordered = {};
      path.forEach((id) => { ordered[id] = choices[id]; });
      const levels = {};
      path.forEach((id) => { if (hasOwn(confidence, id)) levels[id] = confidence[id]; });
      return { choices: ordered, confidence: levels };
    };

    function orderOf(step) {
      const ids = displayOrder(seed, kase.id, step.id, step.options.map((o) => o.id));
      const letters = optionLetters(ids.length);
      const byId = {};
      step.options.forEach((o) => { byId[o.id] = o; });
      return ids.map((id, i) => ({ option: byId[id], letter: letters[i] }));
    }

    function optionDetails(option, earnedText) {
      return [
        h("p", {}, h("span", { class: `cb-verdict cb-v-${option.verdict}` }, verdictLabel(option.verdict)),
          earnedText ? ` ${earnedText}` : null),
        paragraphs(option.feedback),
        option.respects.length ? h("p", {}, `${M.respects} `, option.respects.map((p) => principleLink(p, "respect"))) : null,
        option.breaks.length ? h("p", {}, `${M.breaks} `, option.breaks.map((p) => principleLink(p, "break"))) : null,
        option.references.length
          ? h("p", { class: "cb-refs" }, `${M.references} `,
            option.references.map((r, i) => [i ? " ; " : null, referenceLink(r)]))
          : null,
      ];
    }

    function feedbackContent(step, number, result) {
      const shown = orderOf(step);
      const letterOf = {};
      shown.forEach(({ option, letter }) => { letterOf[option.id] = letter; });
      const picked = shown.filter(({ option }) => result.chosen.includes(option.id));
      const blocks = [h("h4", { id: `cb-fb-${step.id}` }, fmt(M.feedback_title, { n: number }))];
      if (step.kind === "single") {
        const option = picked[0].option;
        blocks.push(optionDetails(option));
        const best = engine.bestChoice(step)[0];
        if (best.id !== option.id) {
          blocks.push(h("div", { class: "cb-reco" },
            h("p", {}, h("strong", {}, fmt(M.recommended, { x: letterOf[best.id] })), ` ${best.text}`),
            h("p", {}, h("strong", {}, M.why), ` ${best.feedback}`)));
        }
      } else {
        for (const { option, letter } of picked) {
          blocks.push(h("div", { class: "cb-picked" },
            h("p", {}, h("strong", {}, fmt(M.your_choice, { x: `${letter}. ${option.text}` }))),
            optionDetails(option)));
        }
        const missed = shown.filter(({ option }) => option.points > 0 && !result.chosen.includes(option.id));
        if (missed.length) {
          blocks.push(h("p", {}, h("strong", {}, M.missed)),
            h("ul", {}, missed.map(({ option, letter }) => h("li", {}, `${letter}. ${option.text}`))));
        }
      }
      blocks.push(h("p", { class: "cb-points" }, fmt(M.points_step, { x: result.earned, y: result.maximum })));
      return blocks;
    }

    function stepSection(step, number) {
      const single = step.kind === "single";
      const base = `cb-${kase.id}-${step.id}`;
      const shown = orderOf(step);
      const inputs = shown.map(({ option, letter }) => {
        const id = `${base}-${option.id}`;
        return h("div", { class: "cb-option" },
          h("input", { type: single ? "radio" : "checkbox", name: base, id, value: option.id }),
          h("label", { for: id }, h("span", { class: "cb-letter" }, `${letter}.`), " ", option.text));
      });
      const choiceSet = h("fieldset", { class: "cb-choices", role: single ? "radiogroup" : null,
        "aria-describedby": `${base}-hint` },
      h("legend", {}, step.prompt),
      h("p", { class: "cb-hint", id: `${base}-hint` }, single ? M.hint_single : M.hint_multiple),
      inputs);
      let confidenceSet = null;
      if (kase.confidence) {
        confidenceSet = h("fieldset", { class: "cb-confidence", role: "radiogroup" },
          h("legend", {}, `${kase.confidence} `, h("span", { class: "cb-optional" }, M.optional)),
          [1, 2, 3].map((level) => h("span", { class: "cb-level" },
            h("input", { type: "radio", name: `${base}-conf`, id: `${base}-conf-${level}`, value: level }),
            h("label", { for: `${base}-conf-${level}` }, M[`confidence_${level}`]))));
      }
      const error = h("p", { class: "cb-error", role: "alert" });
      const button = h("button", { type: "submit", class: "cb-btn" }, M.validate);
      const form = h("form", { class: "cb-form", novalidate: true }, choiceSet, confidenceSet,
        h("p", { class: "cb-actions" }, button), error);
      const feedback = h("div", { class: "cb-feedback", tabindex: "-1", role: "group",
        "aria-labelledby": `cb-fb-${step.id}`, hidden: true });
      const section = h("section", { class: "cb-play-step", "aria-labelledby": `${base}-title`, "data-step": step.id },
        h("h3", { id: `${base}-title`, tabindex: "-1" }, fmt(M.step, { n: number })),
        step.situation ? h("div", { class: "cb-situation" }, paragraphs(step.situation)) : null,
        form, feedback);

      function lock(result) {
        form.querySelectorAll("input").forEach((input) => {
          if (input.name === base) input.checked = result.chosen.includes(input.value);
          else input.checked = result.confidence !== null && Number(input.value) === result.confidence;
          input.disabled = true;
        });
        button.disabled = true;
        button.textContent = M.validated;
        error.textContent = "";
        feedback.replaceChildren(...feedbackContent(step, number, result).flat(Infinity).filter(Boolean));
        feedback.hidden = false;
      }

      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const picked = Array.from(form.querySelectorAll(`input[name="${base}"]:checked`), (i) => i.value);
        const level = form.querySelector(`input[name="${base}-conf"]:checked`);
        const problem = accept(step.id, picked, level ? Number(level.value) : null);
        if (problem) {
          error.textContent = problem;
          return;
        }
        const result = engine.score(kase, answers());
        const stepResult = result.steps[path.length - 1];
        lock(stepResult);
        if (!storage.update((cases) => { cases[kase.id] = answers(); })) say(M.storage_unavailable);
        restartButton.hidden = false;
        const next = currentStepId();
        const verdict = verdictLabel(stepResult.verdict);
        let announce = fmt(M.announce, { x: verdict, y: stepResult.earned, z: stepResult.maximum });
        if (next === null) {
          showSummary(result);
          announce += ` ${fmt(M.announce_end, { x: result.points, y: result.maximum })}`;
        } else {
          stepsBox.append(stepSection(engine.stepOf(kase, next), path.length + 1).section);
        }
        feedback.focus();
        live.textContent = announce;
      });
      return { section, lock };
    }

    function showSummary(result) {
      const rows = Object.entries(result.by_principle).map(([p, s]) =>
        h("tr", {}, h("td", {}, principleLink(p)), h("td", {}, `${s.earned} / ${s.possible}`)));
      const rated = result.steps.map((s, i) => [s, i + 1]).filter(([s]) => s.confidence !== null);
      const confidenceBlock = rated.length ? [
        h("h4", {}, M.confidence_title),
        h("ul", {}, rated.map(([s, n]) => h("li", {}, fmt(M.confidence_line, {
          n, x: M[`confidence_words_${s.confidence}`], y: s.correct ? M.right : M.wrong, z: signed(s.cbm) })))),
        rated.some(([s]) => s.confidence === 3 && !s.correct) ? h("p", { class: "cb-warn" }, M.overconfident) : null,
        h("p", {}, fmt(M.cbm_total, { x: signed(result.cbm_total) })),
      ] : null;
      summaryBox.replaceChildren(h("section", { class: "cb-summary", "aria-labelledby": "cb-summary-title" },
        h("h3", { id: "cb-summary-title", tabindex: "-1" }, M.summary_title),
        h("p", {}, h("strong", {}, fmt(M.summary_points, { x: result.points, y: result.maximum }))),
        h("table", { class: "cb-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, M.principle), h("th", { scope: "col" }, M.points))),
          h("tbody", {}, rows)),
        confidenceBlock,
        h("h4", {}, M.debrief),
        h("ul", {}, kase.debrief.map((point) => h("li", {}, point))),
        h("p", {}, h("a", { href: links.progress }, M.see_progress))));
    }

    function render() {
      stepsBox.replaceChildren();
      summaryBox.replaceChildren();
      const result = engine.score(kase, answers());
      path.forEach((stepId, i) => {
        const built = stepSection(engine.stepOf(kase, stepId), i + 1);
        built.lock(result.steps[i]);
        stepsBox.append(built.section);
      });
      const next = currentStepId();
      if (next === null) showSummary(result);
      else stepsBox.append(stepSection(engine.stepOf(kase, next), path.length + 1).section);
      restartButton.hidden = path.length === 0;
    }

    function restart() {
      choices = {};
      confidence = {};
      path = [];
      if (!storage.update((cases) => { delete cases[kase.id]; })) say(M.storage_unavailable);
      seed = storage.seed();
      render();
      const heading = stepsBox.querySelector("h3");
      if (heading) heading.focus();
      live.textContent = "";
    }

    // Resume what this reader answered before (CaseSession.resume): stop at the first answer that no longer fits.
    const stored = storage.read();
    if (stored.state === "unreadable") say(M.storage_unreadable);
    else if (stored.state === "unavailable") say(M.storage_unavailable);
    const saved = stored.data && stored.data.cases[kase.id];
    if (saved) {
      let stepId;
      while ((stepId = currentStepId()) !== null && hasOwn(saved.choices, stepId)) {
        if (accept(stepId, saved.choices[stepId], hasOwn(saved.confidence, stepId) ? saved.confidence[stepId] : null)) {
          say(M.case_changed);
          break;
        }
      }
    }
    render();
  }

  // ----------------------------------------------------------------- start

  function start() {
    const payload = readPayload();
    if (!payload) return;
    const engine = makeEngine(payload.config);
    const storage = makeStorage(payload.config, engine);
    const caseRoot = document.getElementById("cb-player");
    try {
      if (caseRoot && payload.case) {
        CasePlayer(caseRoot, payload, engine, storage);
        hideStatic(caseRoot);
      }
    } catch (error) {
      // The static page stays readable whatever happens.
      if (window.console) window.console.error(error);
    }
  }

  // Shared with casebook-parcours.js (« Mon parcours ») and the tests.
  window.CasebookPlayer = { fnv1a32, fmix32, displayOrder, optionLetters, makeEngine, makeStorage, readPayload, hideStatic,
    common, h, svg, fmt };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
