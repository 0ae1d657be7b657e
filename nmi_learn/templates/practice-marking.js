// Marking and round-making for the practice page: pure functions of a question's data and a
// learner's answer, with no access to the page.
const practiceMarking = (function () {
  "use strict";

  function shuffle(items) {
    const list = items.slice();
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
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

  function isIndex(value, length) {
    return Number.isInteger(value) && value >= 0 && value < length;
  }

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

  function matchesModel(q, text) {
    return matchesAny(text, [q.answer].concat(q.accept));
  }

  // Questions for a round: unanswered first, then missed, then the rest; no fact asked twice
  // in one pass, so that one question does not give away the answer to another.
  function spread(pool, size, tier) {
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

  return { shuffle, normalise, matchesAny, evaluate, matchesModel, spread };
})();
