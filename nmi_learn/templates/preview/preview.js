// The preview page: shows one output in a frame, and reloads it (keeping its scroll) after every build.
// A failed build shows its problems at path:line instead; every text from the build is set as text, never as HTML.
"use strict";

(function () {
  const frame = document.getElementById("page");
  const status = document.getElementById("status");
  const problems = document.getElementById("problems");
  const problemList = document.getElementById("problem-list");
  const warnings = document.getElementById("warnings");
  const warningList = document.getElementById("warning-list");
  const warningsTitle = document.getElementById("warnings-title");
  const widthButton = document.getElementById("width");
  const showLast = document.getElementById("show-last");
  const SAFE_PAGE = /^[A-Za-z0-9_\-][A-Za-z0-9_.\-\/]*$/;
  let shownGeneration = 0;
  let pendingScroll = null;
  let pageMissing = false; // the shown page is not in the current build (renamed, or not built yet)
  let lastOutcome = null;

  function wantedPage() {
    const page = decodeURIComponent(location.hash.slice(1));
    return SAFE_PAGE.test(page) && !page.split("/").some((part) => part.startsWith(".")) ? page : "index.html";
  }

  function showPage() {
    frame.src = "/out/" + wantedPage();
    markCurrent(wantedPage());
  }

  function markCurrent(page) {
    for (const link of document.querySelectorAll("nav a")) {
      if (link.getAttribute("href") === "#" + page) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  function framePage() {
    try {
      const path = frame.contentWindow.location.pathname;
      return path.startsWith("/out/") ? path.slice(5) : null;
    } catch (error) {
      return null; // a page of another site: not ours to read
    }
  }

  frame.addEventListener("load", () => {
    try {
      pageMissing = frame.contentDocument.querySelector('meta[name="nmi-learn-missing"]') !== null;
    } catch (error) {
      pageMissing = false;
    }
    if (pageMissing && lastOutcome && lastOutcome.ok && wantedPage() !== "index.html") {
      const gone = wantedPage();
      history.replaceState(null, "", "#index.html");
      showPage();
      status.textContent = gone + " is not in the current build (renamed or removed?): here are all outputs";
      return;
    }
    const page = framePage();
    if (page !== null) {
      history.replaceState(null, "", "#" + page);
      markCurrent(page);
      try {
        document.title = "Preview · " + (frame.contentDocument.title || page);
      } catch (error) { /* not ours */ }
    }
    if (pendingScroll !== null) {
      try { frame.contentWindow.scrollTo(0, pendingScroll); } catch (error) { /* not ours */ }
      pendingScroll = null;
    }
  });

  function reloadFrame() {
    try {
      pendingScroll = frame.contentWindow.scrollY;
      frame.contentWindow.location.reload();
    } catch (error) {
      showPage();
    }
  }

  function fill(list, findings) {
    list.replaceChildren();
    for (const finding of findings) {
      const item = document.createElement("li");
      if (finding.where) {
        const where = document.createElement("span");
        where.className = "where";
        where.textContent = finding.where;
        item.append(where, ": ");
      }
      item.append(finding.message);
      if (finding.excerpt) {
        const excerpt = document.createElement("code");
        excerpt.className = "excerpt";
        excerpt.textContent = finding.excerpt;
        item.append(excerpt);
      }
      list.append(item);
    }
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function showOutcome(outcome) {
    const errors = outcome.findings.filter((f) => f.severity === "error");
    const cautions = outcome.findings.filter((f) => f.severity === "warning");
    document.body.classList.toggle("broken", !outcome.ok);
    problems.hidden = outcome.ok;
    status.classList.toggle("bad", !outcome.ok);
    if (!outcome.ok) {
      fill(problemList, errors);
      status.textContent = plural(errors.length, "problem") + " at " + outcome.finished;
    } else if (outcome.phase === "pages") {
      document.body.classList.remove("show-last");
      status.textContent = "Pages built at " + outcome.finished + " in " + outcome.seconds.toFixed(2) +
        " s; PDFs follow…";
    } else {
      document.body.classList.remove("show-last");
      status.textContent = "Built at " + outcome.finished + " in " + outcome.seconds.toFixed(2) + " s";
    }
    warnings.hidden = cautions.length === 0;
    warningsTitle.textContent = plural(cautions.length, "warning");
    fill(warningList, cautions);
  }

  // Reload the shown page only when this build changed it (or a style or script every page may use).
  function touchesShownPage(changed) {
    const page = framePage() || wantedPage();
    return changed.some((file) => file === page || /\.(css|js|woff2)$/.test(file));
  }

  function onBuild(event) {
    const outcome = JSON.parse(event.data);
    lastOutcome = outcome;
    showOutcome(outcome);
    const first = shownGeneration === 0;
    if (outcome.generation <= shownGeneration) return;
    shownGeneration = outcome.generation;
    if (first) showPage();
    else if (outcome.ok && (touchesShownPage(outcome.changed) || pageMissing)) reloadFrame();
  }

  const events = new EventSource("/_preview/events");
  events.addEventListener("build", onBuild);
  events.addEventListener("error", () => {
    status.classList.add("bad");
    status.textContent = "Not connected: is nmi-learn serve still running?";
  });
  events.addEventListener("open", () => {
    if (status.textContent.startsWith("Not connected")) status.classList.remove("bad");
  });

  window.addEventListener("hashchange", () => {
    if (wantedPage() !== framePage()) showPage();
  });
  widthButton.addEventListener("click", () => {
    const phone = document.body.classList.toggle("phone");
    widthButton.setAttribute("aria-pressed", String(phone));
  });
  showLast.addEventListener("click", () => {
    document.body.classList.add("show-last");
  });
})();
