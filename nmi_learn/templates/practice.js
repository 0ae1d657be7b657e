// Practice page: asks the questions embedded in #practice-data, marks each answer at once and shows
// the right answer, why, and the article's own words. Progress stays in this browser (localStorage).
// All text from the curriculum goes into the page as text nodes, never as markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("practice-data").textContent);
  // Each question with what it shares with others (its fact's evidence, its kind's wording) filled in.
  const questions = data.questions.map((q) => Object.assign({}, q, data.evidence[q.evidence], {
    kindTitle: data.kinds[q.kind].title,
    instructions: data.kinds[q.kind].instructions,
    module: q.module === undefined ? "" : data.modules[q.module],
    prompt: q.kind === "fill-in" ? fillInText(q) : q.prompt,
  }));
  const byId = new Map(questions.map((q) => [q.id, q]));
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const ROUND_SIZES = [10, 20];
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- small helpers

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  const ICONS = {
    right: "M4.5 12.5l5 5L19.5 7",
    wrong: "M6.5 6.5l11 11M17.5 6.5l-11 11",
    partly: "M5 12h14",
    up: "M12 19V5M5.5 11.5L12 5l6.5 6.5",
    down: "M12 5v14M5.5 12.5L12 19l6.5-6.5",
  };

  function icon(name) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "3");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    svg.append(path);
    return svg;
  }

  const WORDS = { right: "Right", wrong: "Wrong", partly: "Partly right" };

  function mark(status, words) {
    return el("span", { class: "mark " + status }, icon(status), words || WORDS[status]);
  }

  function shuffle(items) {
    const list = items.slice();
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  function indices(count) {
    return Array.from({ length: count }, (_, i) => i);
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function listing(words) {
    if (words.length < 2) return words.join("");
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  // A fill-in sentence as text, with numbered gaps where its blanks are.
  function fillInText(q) {
    const numbered = q.blanks.length > 1;
    return q.parts.map((part) => (typeof part === "number" ? (numbered ? "(" + (part + 1) + ") " : "") + "_____" : part)).join("");
  }

  // An answer as compared: case, spacing, curly quotes, dash forms and a final full stop do not count.
  function normalise(text) {
    return String(text || "")
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, "-")
      .replace(/\s+/g, " ")
      .replace(/ ?- ?/g, "-")
      .replace(/[\s.]+$/, "")
      .trim();
  }

  function matchesAny(text, forms) {
    const given = normalise(text);
    return given !== "" && forms.some((form) => normalise(form) === given);
  }

  // ---------------------------------------------------------------- progress kept in this browser

  const storage = {
    key: data.storage.key,
    prefix: data.storage.prefix,
    works: true,
    read() {
      try {
        const text = window.localStorage.getItem(this.key);
        return text ? JSON.parse(text) : null;
      } catch (error) {
        this.works = false;
        return null;
      }
    },
    write(value) {
      try {
        window.localStorage.setItem(this.key, JSON.stringify(value));
      } catch (error) {
        this.works = false;
        showStorageState();
      }
    },
    clear() {
      try {
        window.localStorage.removeItem(this.key);
      } catch (error) {
        this.works = false;
      }
    },
    // Progress saved for an earlier build of this page, whose questions differed: set it aside.
    dropStale() {
      let dropped = 0;
      try {
        for (let i = window.localStorage.length - 1; i >= 0; i--) {
          const key = window.localStorage.key(i);
          if (key && key.startsWith(this.prefix) && key !== this.key) {
            window.localStorage.removeItem(key);
            dropped++;
          }
        }
      } catch (error) {
        this.works = false;
      }
      return dropped;
    },
  };

  function emptyState() {
    return { results: {}, round: null, size: 10 };
  }

  // Keep only what still fits this page's questions; anything malformed is dropped, not trusted.
  function cleanState(raw) {
    const state = emptyState();
    if (!raw || typeof raw !== "object") return state;
    if (typeof raw.size === "number" && raw.size > 0) state.size = raw.size;
    for (const [id, result] of Object.entries(raw.results || {})) {
      if (byId.has(id) && result && typeof result.right === "boolean") {
        state.results[id] = { right: result.right, points: Number(result.points) || 0, tries: Number(result.tries) || 1 };
      }
    }
    const round = raw.round;
    if (round && Array.isArray(round.ids)) {
      const ids = round.ids.filter((id, at) => byId.has(id) && round.ids.indexOf(id) === at);
      const responses = {};
      for (const id of ids) {
        const response = round.responses && round.responses[id];
        if (response && typeof response === "object" && evaluate(byId.get(id), response)) responses[id] = response;
      }
      if (ids.length) state.round = { ids, responses, missed: Boolean(round.missed) };
    }
    return state;
  }

  const stale = storage.dropStale();
  let state = cleanState(storage.read());

  function save() {
    storage.write(state);
  }

  // ---------------------------------------------------------------- marking

  // How an answer scores: { status, points, max, marks (one per blank, pair or event), right }.
  // Returns null for a response that does not fit the question (e.g. saved by another version).
  function evaluate(q, response) {
    try {
      let marks = null;
      let right;
      if (response.gaveUp) {
        right = false;
      } else if (q.kind === "multiple-choice") {
        if (!isIndex(response.choice, q.options.length)) return null;
        right = response.choice === q.answer;
      } else if (q.kind === "true-false") {
        if (typeof response.choice !== "boolean") return null;
        right = response.choice === q.truth;
      } else if (q.kind === "fill-in") {
        if (!Array.isArray(response.blanks)) return null;
        marks = q.blanks.map((forms, i) => matchesAny(response.blanks[i], forms));
      } else if (q.kind === "matching") {
        const choices = response.choices;
        if (!Array.isArray(choices) || choices.length !== q.pairs.length) return null;
        if (!choices.every((choice) => choice === -1 || isIndex(choice, q.pairs.length))) return null;
        marks = q.pairs.map((_, i) => choices[i] === i);
      } else if (q.kind === "ordering") {
        const order = response.order;
        if (!Array.isArray(order) || order.length !== q.events.length) return null;
        if (!order.every((event) => isIndex(event, order.length)) || new Set(order).size !== order.length) return null;
        marks = order.map((event, position) => event === position);
      } else if (q.kind === "short-answer") {
        if (typeof response.text !== "string") return null;
        right = response.self === true || (response.self !== false && matchesModel(q, response.text));
      } else {
        return null;
      }
      if (marks) right = marks.every(Boolean);
      const count = marks ? marks.filter(Boolean).length : 0;
      let points = right ? q.points : 0;
      if (marks && !right && q.points === marks.length) points = count;
      const status = right ? "right" : count > 0 ? "partly" : "wrong";
      return { status, right, points, max: q.points, marks, count };
    } catch (error) {
      return null;
    }
  }

  function isIndex(value, length) {
    return Number.isInteger(value) && value >= 0 && value < length;
  }

  function matchesModel(q, text) {
    return matchesAny(text, [q.answer].concat(q.accept));
  }

  // ---------------------------------------------------------------- the question on screen

  let current = null; // the question being answered: { question, view: { collect, lock, show }, pending }
  let uid = 0;

  function questionView(q) {
    uid += 1;
    const body = $("question-body");
    body.replaceChildren();
    if (q.module) body.append(el("p", { class: "tag" }, q.module));
    const instructions = el("p", { class: "instructions", id: "instructions-" + uid }, q.instructions);
    const builders = {
      "multiple-choice": choiceInputs,
      "true-false": choiceInputs,
      "fill-in": blankInputs,
      matching: matchInputs,
      ordering: orderInputs,
      "short-answer": shortInput,
    };
    const view = builders[q.kind](q, instructions);
    body.append(view.node);
    return view;
  }

  function choiceInputs(q, instructions) {
    const name = "choice-" + uid;
    const isTrueFalse = q.kind === "true-false";
    const values = isTrueFalse ? [true, false] : shuffle(indices(q.options.length));
    const fieldset = el("fieldset", { class: "choices", "aria-describedby": instructions.id },
      el("legend", { class: "prompt" }, q.prompt));
    fieldset.append(instructions);
    const labels = new Map();
    values.forEach((value, position) => {
      const text = isTrueFalse ? (value ? "True" : "False") : q.options[value];
      const label = el("label", {},
        el("input", { type: "radio", name, value: String(value) }),
        isTrueFalse ? null : el("span", { class: "letter", "aria-hidden": "true" }, LETTERS[position] + "."),
        el("span", { class: "option" }, text));
      labels.set(value, label);
      fieldset.append(label);
    });
    return {
      node: fieldset,
      collect() {
        const chosen = fieldset.querySelector("input:checked");
        if (!chosen) return null;
        return { choice: isTrueFalse ? chosen.value === "true" : Number(chosen.value) };
      },
      lock() { fieldset.disabled = true; },
      // After marking: the right option and a wrong choice say so beside themselves.
      show(response) {
        const right = isTrueFalse ? q.truth : q.answer;
        labels.get(right).classList.add("answer-right");
        labels.get(right).append(mark("right", "Right answer"));
        if (!response.gaveUp && response.choice !== right) {
          labels.get(response.choice).classList.add("answer-wrong");
          labels.get(response.choice).append(mark("wrong", "Your answer"));
        }
      },
      empty: "Choose an answer first, or press “I don’t know: show me”.",
    };
  }

  function blankInputs(q, instructions) {
    const sentence = el("p", { class: "sentence" });
    const inputs = [];
    for (const part of q.parts) {
      if (typeof part === "number") {
        const input = el("input", {
          type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false",
          "aria-label": q.blanks.length > 1 ? "Blank " + (part + 1) + " of " + q.blanks.length : "The missing words",
          "aria-describedby": instructions.id,
        });
        input.addEventListener("keydown", submitOnEnter);
        inputs[part] = input;
        if (q.blanks.length > 1) sentence.append(el("span", { class: "letter", "aria-hidden": "true" }, "(" + (part + 1) + ") "));
        sentence.append(input);
      } else {
        sentence.append(part);
      }
    }
    return {
      node: el("div", {}, instructions, sentence),
      collect() {
        const blanks = inputs.map((input) => input.value);
        return blanks.some((text) => text.trim() !== "") ? { blanks } : null;
      },
      lock() { inputs.forEach((input) => { input.readOnly = true; }); },
      empty: "Type at least one missing word first, or press “I don’t know: show me”.",
    };
  }

  function matchInputs(q, instructions) {
    const shownRight = shuffle(indices(q.pairs.length));
    const shownLeft = shuffle(indices(q.pairs.length));
    const targets = el("ol", { class: "targets" }, shownRight.map((index, position) =>
      el("li", {}, el("span", { class: "letter" }, LETTERS[position] + "."), el("span", {}, q.pairs[index][1]))));
    const selects = [];
    const picks = shownLeft.map((index, position) => {
      const id = "match-" + uid + "-" + position;
      const select = el("select", { id, "aria-describedby": instructions.id },
        el("option", { value: "" }, "Choose…"),
        shownRight.map((right, letter) => el("option", { value: String(right) }, LETTERS[letter] + ". " + q.pairs[right][1])));
      selects[index] = select;
      return el("div", { class: "pick" }, el("label", { for: id }, q.pairs[index][0]), select);
    });
    return {
      node: el("div", { class: "matching" }, el("p", { class: "prompt" }, q.prompt), instructions,
        el("p", { class: "column-title", "aria-hidden": "true" }, "Choose from"), targets, picks),
      collect() {
        const choices = selects.map((select) => (select.value === "" ? -1 : Number(select.value)));
        return choices.some((choice) => choice >= 0) ? { choices } : null;
      },
      lock() { selects.forEach((select) => { select.disabled = true; }); },
      show(response) {
        if (response.gaveUp) return;
        selects.forEach((select, index) => select.after(response.choices[index] === index
          ? el("p", { class: "result" }, mark("right"))
          : el("p", { class: "result" }, mark("wrong"), " The match is: " + q.pairs[index][1])));
      },
      empty: "Choose a match for at least one item first, or press “I don’t know: show me”.",
    };
  }

  function orderInputs(q, instructions) {
    let order = indices(q.events.length);
    for (let attempt = 0; attempt < 10 && order.every((event, at) => event === at); attempt++) order = shuffle(order);
    const list = el("ol", { class: "ordering", "aria-describedby": instructions.id });
    const rows = new Map();
    let locked = false;

    function moveButton(event, step) {
      const label = (step < 0 ? "Move up: " : "Move down: ") + q.events[event].text;
      const button = el("button", { type: "button", "aria-label": label, title: step < 0 ? "Move up" : "Move down" },
        icon(step < 0 ? "up" : "down"));
      button.addEventListener("click", () => move(event, step, button));
      return button;
    }

    for (const event of order) {
      const up = moveButton(event, -1);
      const down = moveButton(event, 1);
      const row = el("li", {}, el("span", { class: "position", "aria-hidden": "true" }), el("span", {}, q.events[event].text),
        el("span", { class: "moves" }, up, down));
      rows.set(event, { row, up, down });
    }

    function draw() {
      list.replaceChildren(...order.map((event) => rows.get(event).row));
      order.forEach((event, at) => {
        const { row, up, down } = rows.get(event);
        row.querySelector(".position").textContent = String(at + 1);
        up.disabled = locked || at === 0;
        down.disabled = locked || at === order.length - 1;
      });
    }

    function move(event, step, button) {
      const from = order.indexOf(event);
      const to = from + step;
      if (to < 0 || to >= order.length) return;
      [order[from], order[to]] = [order[to], order[from]];
      draw();
      rows.forEach(({ row }) => row.classList.remove("moved"));
      const { row, up, down } = rows.get(event);
      row.classList.add("moved");
      (button.disabled ? (button === up ? down : up) : button).focus();
      $("announcer").textContent = q.events[event].text + ": now " + (to + 1) + " of " + order.length + ".";
    }

    draw();
    return {
      node: el("div", {}, el("p", { class: "prompt" }, q.prompt), instructions, list),
      collect() { return { order: order.slice() }; },
      lock() { locked = true; draw(); },
      empty: "",
    };
  }

  function shortInput(q, instructions) {
    const id = "short-" + uid;
    const input = el("input", { type: "text", id, autocomplete: "off", spellcheck: "false", "aria-describedby": instructions.id });
    input.addEventListener("keydown", submitOnEnter);
    return {
      node: el("div", { class: "short" }, el("p", { class: "prompt" }, q.prompt), instructions,
        el("label", { for: id }, "Your answer"), input),
      collect() {
        return input.value.trim() === "" ? null : { text: input.value.trim() };
      },
      lock() { input.readOnly = true; },
      empty: "Type your answer first, or press “I don’t know: show me”.",
    };
  }

  function submitOnEnter(event) {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      $("check").click();
    }
  }

  // ---------------------------------------------------------------- feedback: verdict and evidence

  function quoteBlock(index) {
    const [sourceIndex, quote] = data.quotes[index];
    const source = data.sources[sourceIndex];
    return el("blockquote", {}, el("p", {}, "“" + quote + "”"),
      el("footer", {}, source.publisher + ", “" + source.title + "”, " + source.date));
  }

  function publisherOf(index) {
    return data.sources[data.quotes[index][0]].publisher;
  }

  function answerLine(label, text, status) {
    return el("p", { class: "answer-line" }, label + ": ", el("b", {}, text), status ? [" ", mark(status)] : null);
  }

  // What the learner sees after answering: the verdict (announced) and the evidence (to read).
  function feedback(q, response, result) {
    const verdict = el("div", { class: "verdict " + result.status });
    verdict.append(el("p", { class: "word" }, icon(result.status), WORDS[result.status] + "."),
      el("p", {}, summaryLine(q, response, result)));
    const evidence = el("div", { class: "evidence" });
    if (q.kind === "multiple-choice") {
      if (!response.gaveUp && !result.right) verdict.append(answerLine("Your answer", q.options[response.choice]));
      verdict.append(answerLine("Right answer", q.options[q.answer]));
    } else if (q.kind === "true-false") {
      if (!response.gaveUp) verdict.append(answerLine("Your answer", response.choice ? "True" : "False"));
      verdict.append(answerLine("The statement is", q.truth ? "true" : "false"));
    } else if (q.kind === "fill-in") {
      q.blanks.forEach((forms, i) => {
        const label = q.blanks.length > 1 ? "Blank " + (i + 1) : "Right answer";
        verdict.append(answerLine(label, forms[0], response.gaveUp ? null : result.marks[i] ? "right" : "wrong"));
        const given = response.blanks ? String(response.blanks[i] || "").trim() : "";
        if (!response.gaveUp && !result.marks[i]) verdict.append(el("p", { class: "answer-line" }, "You wrote: ", given ? el("b", {}, given) : "nothing"));
        if (forms.length > 1) verdict.append(el("p", { class: "answer-line" }, "Also accepted: " + forms.slice(1).join("; ")));
      });
    } else if (q.kind === "short-answer") {
      if (!response.gaveUp) verdict.append(answerLine("Your answer", response.text));
      verdict.append(answerLine("Model answer", q.answer));
      if (q.accept.length) verdict.append(el("p", { class: "answer-line" }, "Also accepted: " + q.accept.join("; ")));
    }
    if (q.explanation) verdict.append(el("p", {}, q.explanation));
    if (q.kind === "matching") evidence.append(matchEvidence(q, response, result));
    else if (q.kind === "ordering") evidence.append(orderEvidence(q, response, result));
    else evidence.append(factEvidence(q));
    for (const note of q.notes) evidence.append(el("p", { class: "source-note" }, el("b", {}, "On the sources: "), note));
    return { verdict, evidence };
  }

  function summaryLine(q, response, result) {
    const points = result.points + " of " + plural(result.max, "point", "points") + ".";
    if (response.gaveUp) return "You asked to see the answer: " + points;
    if (response.self === true) return "You marked your answer right against the model answer: " + points;
    if (response.self === false) return "You marked your answer wrong against the model answer: " + points;
    if (result.marks && result.marks.length > 1) {
      const unit = { "fill-in": ["blank", "blanks"], matching: ["pair", "pairs"], ordering: ["event", "events"] }[q.kind];
      const where = q.kind === "ordering" ? " in the right place" : " right";
      return result.count + " of " + plural(result.marks.length, unit[0], unit[1]) + where + ": " + points;
    }
    return points;
  }

  function factEvidence(q) {
    const box = el("div", {}, el("h3", {}, "From the source"));
    if (!q.cites.length) return box;
    box.append(quoteBlock(q.cites[0]));
    const others = q.cites.slice(1);
    if (others.length) {
      const first = publisherOf(q.cites[0]);
      const publishers = [...new Set(others.map(publisherOf))].filter((name) => name !== first);
      const summary = publishers.length
        ? "Also reported by " + listing(publishers) + ": show their words"
        : "More from the same article";
      box.append(el("details", {}, el("summary", {}, summary), others.map(quoteBlock)));
    }
    return box;
  }

  function matchEvidence(q, response, result) {
    const aligned = q.cites.length === q.pairs.length;
    const items = q.pairs.map(([left, right], i) => {
      const chosen = response.choices ? response.choices[i] : -1;
      return el("li", {},
        response.gaveUp ? null : [mark(result.marks[i] ? "right" : "wrong"), " "],
        el("b", {}, left), " – " + right,
        !response.gaveUp && !result.marks[i]
          ? el("span", { class: "detail" }, chosen >= 0 ? "You chose: " + q.pairs[chosen][1] : "You chose nothing")
          : null,
        aligned ? quoteBlock(q.cites[i]) : null);
    });
    const box = el("div", {}, el("h3", {}, "The right pairs, from the sources"), el("ul", { class: "items" }, items));
    if (!aligned) box.append(q.cites.map(quoteBlock));
    return box;
  }

  function orderEvidence(q, response, result) {
    const aligned = q.cites.length === q.events.length;
    const placed = response.order || [];
    const items = q.events.map((event, i) => {
      const at = placed.indexOf(i);
      return el("li", {},
        response.gaveUp ? null : [result.marks[at] ? mark("right", "Right place") : mark("wrong", "Wrong place"), " "],
        el("b", {}, event.date + ": "), event.text,
        event.derived ? el("span", { class: "detail" }, "Date worked out from the source, which does not state it: " + event.derived) : null,
        !response.gaveUp && !result.marks[at] ? el("span", { class: "detail" }, "You put it " + ordinal(at + 1) + ".") : null,
        aligned ? quoteBlock(q.cites[i]) : null);
    });
    const box = el("div", {}, el("h3", {}, "The right order, from the sources"), el("ol", { class: "items" }, items));
    if (!aligned) box.append(q.cites.map(quoteBlock));
    return box;
  }

  function ordinal(n) {
    const names = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    return names[n - 1] || "number " + n;
  }

  // ---------------------------------------------------------------- rounds

  function tier(q) {
    const result = state.results[q.id];
    return result === undefined ? 0 : result.right ? 2 : 1;
  }

  // Questions for a round: unanswered first, then missed, then the rest; no fact asked twice
  // in one pass, so that one question does not give away the answer to another.
  function spread(pool, size) {
    let remaining = shuffle(pool).sort((a, b) => tier(a) - tier(b));
    const chosen = [];
    while (remaining.length && chosen.length < size) {
      const used = new Set();
      const pass = [];
      const later = [];
      for (const q of remaining) {
        if (chosen.length + pass.length < size && !q.facts.some((fact) => used.has(fact))) {
          pass.push(q);
          q.facts.forEach((fact) => used.add(fact));
        } else {
          later.push(q);
        }
      }
      chosen.push(...shuffle(pass));
      remaining = later;
    }
    return chosen.map((q) => q.id);
  }

  function missedQuestions() {
    return questions.filter((q) => state.results[q.id] && !state.results[q.id].right);
  }

  function startRound(ids, missed) {
    state.round = { ids, responses: {}, missed };
    save();
    showNext(true);
  }

  function roundResults() {
    const round = state.round;
    return round.ids.filter((id) => round.responses[id]).map((id) => {
      const q = byId.get(id);
      return { q, response: round.responses[id], result: evaluate(q, round.responses[id]) };
    });
  }

  // ---------------------------------------------------------------- views

  const views = ["start", "round", "end"];

  function show(name, focusHeading) {
    for (const view of views) $(view).hidden = view !== name;
    if (focusHeading) {
      const heading = $(name === "round" ? "question-title" : name + "-title");
      heading.focus();
    }
  }

  function showStart(focus) {
    const total = questions.length;
    const answered = Object.keys(state.results).length;
    const missed = missedQuestions().length;
    $("start-progress").textContent = answered === 0
      ? "You have not answered any of the " + plural(total, "question", "questions") + " here yet."
      : "You have answered " + answered + " of the " + plural(total, "question", "questions") + " here: " +
        (answered - missed) + " right the last time you tried, " + missed + " to practise again.";
    const sizes = ROUND_SIZES.filter((size) => size < total).concat([total]);
    if (!sizes.includes(state.size)) state.size = sizes[0];
    const fieldset = $("round-size");
    fieldset.querySelectorAll("label").forEach((label) => label.remove());
    for (const size of sizes) {
      const input = el("input", { type: "radio", name: "round-size", value: String(size) });
      input.checked = size === state.size;
      input.addEventListener("change", () => { state.size = size; });
      fieldset.append(el("label", {}, input, size === total ? "All " + total : String(size)));
    }
    fieldset.hidden = sizes.length === 1;
    const retry = $("start-missed");
    retry.hidden = missed === 0;
    retry.textContent = "Practise the " + plural(missed, "question", "questions") + " I missed";
    $("clear-open").hidden = !storage.works;
    show("start", focus);
  }

  function showNext(focus) {
    const round = state.round;
    const next = round.ids.findIndex((id) => !round.responses[id]);
    if (next === -1) {
      showEnd(focus);
      return;
    }
    const q = byId.get(round.ids[next]);
    $("question-title").textContent = "Question " + (next + 1) + " of " + round.ids.length + ": " + q.kindTitle;
    updateRoundBar();
    $("verdict").replaceChildren();
    $("evidence").replaceChildren();
    $("question-hint").textContent = "";
    $("self-mark").hidden = true;
    $("answer-actions").hidden = false;
    $("next-actions").hidden = true;
    $("question").dataset.questionId = q.id;
    current = { question: q, view: questionView(q) };
    show("round", focus);
  }

  function updateRoundBar() {
    const done = roundResults();
    const right = done.filter((entry) => entry.result.right).length;
    $("round-score").textContent = (state.round.missed ? "Questions you missed · " : "") +
      "Answered " + done.length + " of " + state.round.ids.length + " · " + right + " right";
    $("round-progress").max = state.round.ids.length;
    $("round-progress").value = done.length;
  }

  function check() {
    const q = current.question;
    const response = current.view.collect();
    if (response === null) {
      $("question-hint").textContent = current.view.empty;
      return;
    }
    $("question-hint").textContent = "";
    if (q.kind === "short-answer" && !matchesModel(q, response.text)) {
      askSelfMark(q, response);
      return;
    }
    finish(q, response);
  }

  // A short answer that is not word for word the model answer: the learner judges it.
  function askSelfMark(q, response) {
    current.view.lock();
    current.pending = response;
    $("answer-actions").hidden = true;
    const also = q.accept.length ? " (also accepted: " + q.accept.join("; ") + ")" : "";
    $("self-mark-text").textContent = "The model answer is “" + q.answer + "”" + also + ". You wrote “" +
      response.text + "”. Does your answer say the same?";
    $("self-mark").hidden = false;
    $("self-mark-text").setAttribute("tabindex", "-1");
    $("self-mark-text").focus();
  }

  function selfMark(right) {
    const response = Object.assign({}, current.pending, { self: right });
    $("self-mark").hidden = true;
    finish(current.question, response);
  }

  function finish(q, response) {
    const result = evaluate(q, response);
    const round = state.round;
    round.responses[q.id] = response;
    const before = state.results[q.id];
    state.results[q.id] = { right: result.right, points: result.points, tries: (before ? before.tries : 0) + 1 };
    save();
    current.view.lock();
    if (current.view.show) current.view.show(response);
    $("answer-actions").hidden = true;
    const { verdict, evidence } = feedback(q, response, result);
    $("verdict").replaceChildren(verdict);
    $("evidence").replaceChildren(evidence);
    const last = round.ids.every((id) => round.responses[id]);
    $("next").textContent = last ? "See my score" : "Next question";
    $("next-actions").hidden = false;
    updateRoundBar();
    $("next").focus({ preventScroll: true });
  }

  function showEnd(focus) {
    const done = roundResults();
    const right = done.filter((entry) => entry.result.right);
    const points = done.reduce((sum, entry) => sum + entry.result.points, 0);
    const max = done.reduce((sum, entry) => sum + entry.result.max, 0);
    const missed = done.length - right.length;
    $("end-title").textContent = done.length === state.round.ids.length ? "Round complete" : "Round ended";
    $("end-score").replaceChildren(
      el("strong", {}, "Score: " + right.length + " of " + plural(done.length, "question", "questions") + " right"),
      ", " + points + " of " + plural(max, "point", "points") + ".");
    const retry = $("retry-missed");
    retry.hidden = missed === 0;
    retry.textContent = "Practise the " + plural(missed, "question", "questions") + " I missed";
    $("review").replaceChildren(...done.map(({ q, response, result }) => {
      const { verdict, evidence } = feedback(q, response, result);
      return el("li", {}, el("details", {},
        el("summary", {}, el("span", {}, mark(result.status), el("span", { class: "what" }, " · " + q.kindTitle),
          el("span", { class: "asked" }, q.prompt))),
        el("div", { class: "review-body" }, verdict, evidence)));
    }));
    show("end", focus);
  }

  function endRoundNow() {
    const round = state.round;
    round.ids = round.ids.filter((id) => round.responses[id]);
    if (!round.ids.length) state.round = null;
    save();
    if (state.round) showEnd(true);
    else showStart(true);
  }

  function showStorageState() {
    if (!storage.works) {
      $("storage-text").textContent = "This browser does not let the page keep your progress, so your answers are forgotten when you close it. Nothing you answer leaves this device.";
      $("clear-open").hidden = true;
    }
  }

  function showSources() {
    $("source-list").replaceChildren(...data.sources.map((source) => el("li", {},
      el("b", {}, source.publisher), ", “" + source.title + "”, published " + source.date + ".",
      el("span", { class: "basis" }, "About this date: " + source.basis))));
  }

  // ---------------------------------------------------------------- clearing progress

  function openClear() {
    const dialog = $("clear-dialog");
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
      $("clear-cancel").focus();
    } else if (window.confirm("Clear your progress on this page? This cannot be undone.")) {
      clearProgress();
    }
  }

  function clearProgress() {
    storage.clear();
    state = emptyState();
    if ($("clear-dialog").open) $("clear-dialog").close();
    showStart(false);
    $("clear-open").focus();
    $("clear-status").textContent = "Your progress on this page is cleared.";
  }

  // ---------------------------------------------------------------- wiring

  $("start-round").addEventListener("click", () => {
    $("clear-status").textContent = "";
    save();
    startRound(spread(questions, state.size), false);
  });
  $("start-missed").addEventListener("click", () => startRound(spread(missedQuestions(), Infinity), true));
  $("check").addEventListener("click", check);
  $("reveal").addEventListener("click", () => finish(current.question, { gaveUp: true }));
  $("self-right").addEventListener("click", () => selfMark(true));
  $("self-wrong").addEventListener("click", () => selfMark(false));
  $("next").addEventListener("click", () => showNext(true));
  $("end-round").addEventListener("click", endRoundNow);
  $("retry-missed").addEventListener("click", () => {
    const missed = roundResults().filter((entry) => !entry.result.right).map((entry) => entry.q);
    startRound(spread(missed, Infinity), true);
  });
  $("new-round").addEventListener("click", () => startRound(spread(questions, state.size), false));
  $("to-start").addEventListener("click", () => {
    state.round = null;
    save();
    showStart(true);
  });
  $("clear-open").addEventListener("click", openClear);
  $("clear-confirm").addEventListener("click", clearProgress);
  $("clear-cancel").addEventListener("click", () => {
    $("clear-dialog").close();
    $("clear-open").focus();
  });

  showSources();
  showStorageState();
  if (stale && !Object.keys(state.results).length) {
    $("start-note").textContent = "The questions on this page have changed since you last practised here, so your earlier progress was set aside.";
    $("start-note").hidden = false;
  }
  if (state.round) showNext(false);
  else showStart(false);
})();
