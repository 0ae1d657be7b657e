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
  const ROUND_SIZES = [10, 20];
  const $ = (id) => document.getElementById(id);
  const { evaluate, matchesModel, spread } = practiceMarking;
  const { el, mark, plural, questionView, feedback } = practiceWidgets(data, {
    announce(text) { $("announcer").textContent = text; },
    submit() { $("check").click(); },
  });

  // A fill-in sentence as text, with numbered gaps where its blanks are.
  function fillInText(q) {
    const numbered = q.blanks.length > 1;
    return q.parts.map((part) => (typeof part === "number" ? (numbered ? "(" + (part + 1) + ") " : "") + "_____" : part)).join("");
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

  let current = null; // the question being answered: { question, view: { collect, lock, show }, pending }

  // ---------------------------------------------------------------- rounds

  function tier(q) {
    const result = state.results[q.id];
    return result === undefined ? 0 : result.right ? 2 : 1;
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
    $("question-body").replaceChildren(...current.view.nodes);
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
    startRound(spread(questions, state.size, tier), false);
  });
  $("start-missed").addEventListener("click", () => startRound(spread(missedQuestions(), Infinity, tier), true));
  $("check").addEventListener("click", check);
  $("reveal").addEventListener("click", () => finish(current.question, { gaveUp: true }));
  $("self-right").addEventListener("click", () => selfMark(true));
  $("self-wrong").addEventListener("click", () => selfMark(false));
  $("next").addEventListener("click", () => showNext(true));
  $("end-round").addEventListener("click", endRoundNow);
  $("retry-missed").addEventListener("click", () => {
    const missed = roundResults().filter((entry) => !entry.result.right).map((entry) => entry.q);
    startRound(spread(missed, Infinity, tier), true);
  });
  $("new-round").addEventListener("click", () => startRound(spread(questions, state.size, tier), false));
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
