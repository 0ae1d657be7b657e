// What the practice page shows: the inputs of each kind of question, and the feedback after an
// answer (verdict, right answer, the sources' words). All curriculum text goes in as text nodes.
function practiceWidgets(data, hooks) {
  "use strict";
  const { shuffle } = practiceMarking;
  const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  let uid = 0;

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

  // ---------------------------------------------------------------- the inputs of each kind of question

  // A question's inputs: { nodes, collect() -> the answer or null if none yet, lock(), show(answer)?, empty }.
  function questionView(q) {
    uid += 1;
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
    view.nodes = [q.module ? el("p", { class: "tag" }, q.module) : null, view.node].filter(Boolean);
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
      hooks.announce(q.events[event].text + ": now " + (to + 1) + " of " + order.length + ".");
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
      hooks.submit();
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

  return { el, mark, plural, questionView, feedback };
}
