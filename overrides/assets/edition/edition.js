/* The annotated edition's reading layer. Without it every note is readable in full after the article (or in
   the margin column), and nothing below is needed. With it:
   - every note is a one-line entry (number, verdict or kind, gist) that opens by its marker, its entry or a
     link to it, and closes by the same, by Escape (focus back on the marker) or by its heading;
   - in the margin layout (edition.css decides when: --edition-margin) each entry sits beside its claim, packed
     up and down as little as the entries around it allow; an open note is a panel over the entries below it,
     so nothing else moves and the reader's place stays on screen;
   - narrower, a note opens in place under its paragraph, without taking the marker off screen;
   - Tab after a marker goes through its open note and then on in the text after the marker;
   - the filter and "as published / now" show only the chosen notes, say how many, and live in the URL;
   - notes and their claims light up together; "copy link"; deep links and search results open their note.
   Layout reads every position first and writes once. navigation.instant is off: this runs once per page. */
(() => {
  "use strict";

  const CONFIG = {
    gap: 3, // px between two entries in the margin
    panelGap: 8, // px kept free between an open note's panel and the window's edges
    resizeDelay: 100, // ms: place the entries at most this often while the window or text changes size
    statusDelay: 50, // ms before a status message is written, so screen readers notice the change
  };

  /* ------------------------------------------------------------ every page: nothing hidden takes focus */

  // Material's navigation drawer stays in the page when closed, off screen on narrow windows: keep it out of
  // the tab order until it is opened.
  const drawer = document.getElementById("__drawer");
  const drawerNav = document.querySelector(".md-sidebar--primary");
  if (drawer && drawerNav) {
    const syncDrawer = () => {
      drawerNav.inert = !drawer.checked && drawerNav.getBoundingClientRect().right <= 1;
    };
    drawer.addEventListener("change", () => {
      drawerNav.inert = false;
      setTimeout(syncDrawer, 400); // after Material's slide-out transition
    });
    window.addEventListener("resize", syncDrawer);
    syncDrawer();
  }

  // Material's search (9.x markup; Zensical's is its own and needs none of this): the dialog gets a name, its
  // scrolling results area is a named, focusable region (axe: aria-dialog-name, scrollable-region-focusable),
  // and the results are inert while the search is closed, when they are there but not shown.
  const search = document.getElementById("__search");
  const dialog = document.querySelector('.md-search[role="dialog"]');
  const output = document.querySelector(".md-search__output");
  const scroller = output?.querySelector(".md-search__scrollwrap");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  if (scroller) {
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", "Search results");
    scroller.tabIndex = 0;
  }
  if (search && output) {
    const syncResults = () => (output.inert = !search.checked);
    search.addEventListener("change", syncResults);
    syncResults();
  }

  // A timeline is one tab stop: arrow keys (and Home, End) move between its events' links. A hundred links
  // to notes are a hundred stops between the text and the page's end otherwise.
  const timelines = [...document.querySelectorAll('[data-panel="timeline"] .edition-timeline')];
  const shownLinks = (timeline) => [...timeline.querySelectorAll("a[href]")].filter((link) => link.getClientRects().length);
  function rove(timeline, to) {
    for (const link of timeline.querySelectorAll("a[href]")) {
      link.tabIndex = link === to ? 0 : -1;
      if (link === to) link.setAttribute("aria-describedby", timeline.dataset.keysHint);
      else link.removeAttribute("aria-describedby");
    }
  }
  // Keep the one stop on a link the reader can see (the "as first published" view hides later events). Told
  // by the rows' `hidden`, not by asking for layout: at start-up and on every change of the filter.
  const unhidden = (link) => !link.closest("[hidden]");
  const settleTimelines = () => {
    for (const timeline of timelines) {
      const stop = timeline.querySelector('a[tabindex="0"]');
      if (!stop || !unhidden(stop)) rove(timeline, [...timeline.querySelectorAll("a[href]")].find(unhidden));
    }
  };
  timelines.forEach((timeline, index) => {
    const hint = document.createElement("p");
    hint.className = "edition-visually-hidden";
    hint.id = timeline.dataset.keysHint = `edition-timeline-keys-${index}`;
    hint.textContent = "Arrow keys move between the events of the timeline.";
    timeline.before(hint);
    timeline.addEventListener("focusin", (event) => event.target.matches("a[href]") && rove(timeline, event.target));
    timeline.addEventListener("keydown", (event) => {
      const links = shownLinks(timeline);
      const here = links.indexOf(document.activeElement);
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      const next = event.key === "Home" ? 0 : event.key === "End" ? links.length - 1 : step && here >= 0 ? here + step : null;
      if (next === null || !links[next]) return;
      event.preventDefault();
      rove(timeline, links[next]);
      links[next].focus();
    });
  });
  settleTimelines();

  /* ------------------------------------------------------------ the article page */

  const layout = document.querySelector("[data-edition-layout]");
  if (!layout) return;
  const root = document.documentElement;
  const article = layout.querySelector(".edition-article");
  const list = layout.querySelector(".edition-notes__list");
  const status = document.getElementById("edition-status");
  const controls = document.querySelector("[data-edition-controls]");
  const header = document.querySelector(".md-header");
  const notes = [...list.querySelectorAll(".edition-note")];

  // One record a note: its element, marker, highlighted spans, and where it lives when not opened in place.
  const entries = new Map();
  for (const note of notes) {
    entries.set(note.dataset.annotationId, { id: note.dataset.annotationId, note, marker: null, marks: [], home: note.parentElement, folded: 0 });
  }
  for (const mark of article.querySelectorAll("mark[data-annotation-id]")) entries.get(mark.dataset.annotationId)?.marks.push(mark);
  for (const marker of article.querySelectorAll("a.edition-marker")) {
    const entry = entries.get(marker.id.slice("ref-".length));
    if (entry) entry.marker = marker;
  }
  const entryOf = (element) => {
    const holder = element?.closest?.("[data-annotation-id], a.edition-marker");
    if (!holder) return null;
    return entries.get(holder.dataset.annotationId ?? holder.id.slice("ref-".length)) ?? null;
  };

  let current = null; // the open note's entry, if any
  let inMargin = false;

  /* ------------------------------------------------------------ upgrade the static page */

  for (const { id, note, marker } of entries.values()) {
    note.tabIndex = -1;
    if (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.setAttribute("aria-controls", `note-${id}`);
    }
  }

  // The heading becomes the note's toggle when the note is first opened: a folded entry opens by a click
  // anywhere on it, and its marker is the way in from the keyboard. Made for every note at load, the toggles
  // restyled every entry and all it holds (at 1,000 notes, 0.8 s of the 1 s the script took; issue 12).
  function toggleOf(entry) {
    if (entry.toggle) return entry.toggle;
    const heading = entry.note.querySelector(".edition-note__heading");
    const toggle = (entry.toggle = document.createElement("button"));
    toggle.type = "button";
    toggle.className = "edition-note__toggle";
    toggle.setAttribute("aria-controls", `note-${entry.id}--detail`);
    toggle.setAttribute("aria-describedby", `note-${entry.id}--gist note-${entry.id}--quote`);
    toggle.append(...heading.childNodes);
    heading.append(toggle);
    return toggle;
  }

  function say(message) {
    status.textContent = "";
    setTimeout(() => (status.textContent = message), CONFIG.statusDelay);
  }

  // A note's full text is the text of a <noscript> in its detail (see note.html): turned into markup once,
  // when the note is first opened or the page is printed.
  function fillIn(note) {
    const holder = note.querySelector(".edition-note__detail > noscript");
    if (!holder) return;
    holder.insertAdjacentHTML("afterend", holder.textContent);
    holder.remove();
    const permalink = note.querySelector(".edition-note__permalink");
    if (permalink && navigator.clipboard) {
      const copy = document.createElement("button");
      copy.type = "button";
      copy.className = "edition-note__copy";
      copy.textContent = "Copy link";
      permalink.after(" ", copy);
    }
    highlightSearch(note);
  }

  // Opened from a search result (Material adds ?h=words to the address): mark the words inside the note.
  function highlightSearch(note) {
    const words = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter((w) => w.length > 1);
    if (!words.length) return;
    const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
    const walker = document.createTreeWalker(note.querySelector(".edition-note__detail"), NodeFilter.SHOW_TEXT);
    const hits = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (pattern.test(node.data)) hits.push(node);
    for (const node of hits) {
      const parts = node.data.split(pattern);
      node.replaceWith(...parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const hit = document.createElement("mark");
        hit.className = "edition-search-hit";
        hit.textContent = part;
        return hit;
      }));
    }
  }

  /* ------------------------------------------------------------ open and close */

  function setOpen(entry, open) {
    entry.note.classList.toggle("is-open", open);
    const toggle = toggleOf(entry);
    toggle.setAttribute("aria-expanded", String(open));
    toggle.tabIndex = open ? 0 : -1; // a tab stop only while the note is open
    entry.marker?.setAttribute("aria-expanded", String(open));
    for (const mark of entry.marks) mark.classList.toggle("is-open", open);
  }

  function openNote(entry) {
    if (entry.note.hidden) return; // a filtered-out note never opens
    if (current && current !== entry) closeNote(current, { focusMarker: false });
    fillIn(entry.note);
    setOpen(entry, true);
    current = entry;
    if (!inMargin) moveInPlace(entry);
    place();
    if (!inMargin) keepInView(entry);
  }

  function closeNote(entry, { focusMarker = true } = {}) {
    setOpen(entry, false);
    if (entry.note.parentElement !== entry.home) {
      entry.home.append(entry.note);
      entry.note.classList.remove("is-in-place");
    }
    if (current === entry) current = null;
    place();
    if (focusMarker) entry.marker?.focus({ preventScroll: true });
  }

  const toggleNote = (entry) => (entry.note.classList.contains("is-open") ? closeNote(entry) : openNote(entry));

  // Narrow screens: the note itself moves right after the paragraph that holds its marker, into the empty
  // slot the core wrote there, and back home on closing: into its own box in the list (article.html).
  // Both boxes hold only the note, so the move restyles no sibling (at 4x: 30-50 ms -> 10-15 ms on a phone).
  function moveInPlace(entry) {
    const block = entry.marker?.closest("p, li, blockquote, h1, h2, h3, h4, h5, h6");
    if (!block) return;
    const slot = block.nextElementSibling?.matches(".edition-slot") ? block.nextElementSibling : null;
    if (slot ? entry.note.parentNode === slot : entry.note.previousElementSibling === block) return;
    if (slot) slot.append(entry.note);
    else block.after(entry.note); // a marker in a list item's own text: no slot in a list
    entry.note.classList.add("is-in-place");
  }

  // After opening in place: show the note's top if it is below the window, but never push the marker off.
  function keepInView(entry) {
    const marker = entry.marker?.getBoundingClientRect();
    const note = entry.note.getBoundingClientRect();
    const top = (header?.offsetHeight ?? 0) + CONFIG.panelGap;
    const below = note.top + Math.min(note.height, 120) - (innerHeight - CONFIG.panelGap);
    if (!marker || below <= 0) return;
    window.scrollBy({ top: Math.min(below, marker.top - top), behavior: "instant" });
  }

  /* ------------------------------------------------------------ the margin */

  // The fewest moves that keep the entries apart and in order: each run of touching entries sits where the
  // mean of its members' wishes puts it (the least-squares placement), never above the margin's top.
  function pack(items) {
    const runs = [];
    for (const item of items) {
      let run = { items: [item], size: item.height + CONFIG.gap, wish: item.wish, count: 1 };
      run.top = Math.max(0, run.wish);
      while (runs.length) {
        const before = runs[runs.length - 1];
        if (before.top + before.size <= run.top) break;
        runs.pop();
        // Merged, this run's members sit `before.size` lower in the run than they did on their own.
        const wish = before.wish + run.wish - run.count * before.size;
        run = { items: before.items.concat(run.items), size: before.size + run.size, wish, count: before.count + run.count };
        run.top = Math.max(0, run.wish / run.count);
      }
      runs.push(run);
    }
    for (const run of runs) {
      let top = run.top;
      for (const item of run.items) {
        item.top = top;
        top += item.height + CONFIG.gap;
      }
    }
    return runs.length ? runs[runs.length - 1].top + runs[runs.length - 1].size : 0;
  }

  // `measure`: the window or text changed size, so the layout may have changed (edition.css decides, by
  // --edition-margin). Opening, closing and filtering keep it: they need not ask for the page's style.
  function place({ measure = false } = {}) {
    // Read everything first...
    if (measure) inMargin = getComputedStyle(layout).getPropertyValue("--edition-margin").trim() === "1";
    if (!inMargin) {
      if (list.hasAttribute("data-placed")) {
        for (const note of notes) note.style.top = "";
        list.style.minHeight = "";
        list.removeAttribute("data-placed");
      }
      return;
    }
    const origin = list.getBoundingClientRect().top;
    const items = [];
    let open = null;
    for (const entry of entries.values()) {
      if (entry.note.hidden) continue;
      const isOpen = entry === current;
      const height = entry.note.offsetHeight;
      if (!isOpen) entry.folded = height;
      const mark = entry.marks[0];
      const item = { entry, height: isOpen ? entry.folded || height : height, wish: mark ? mark.getBoundingClientRect().top - origin : 0 };
      if (isOpen) open = { item, height };
      items.push(item);
    }
    items.sort((a, b) => a.wish - b.wish);
    const bottom = pack(items);
    // An open note is a panel from its entry's place down, moved up if it would run off the window.
    if (open) {
      const windowTop = (header?.offsetHeight ?? 0) + CONFIG.panelGap - origin;
      const windowBottom = innerHeight - CONFIG.panelGap - origin;
      open.item.top = Math.min(Math.max(open.item.top, windowTop), Math.max(windowTop, windowBottom - open.height));
    }
    // ...then write once.
    for (const item of items) item.entry.note.style.top = `${Math.round(item.top)}px`;
    list.style.minHeight = `${Math.round(bottom)}px`;
    // An attribute, not a class: in Material's typeset any class change restyles the element's whole subtree
    // (`table:not([class]) td > :first-child`), here every entry.
    list.setAttribute("data-placed", "");
  }

  let placing = 0;
  const placeSoon = () => {
    if (placing) return;
    placing = setTimeout(() => requestAnimationFrame(() => ((placing = 0), place({ measure: true }))), CONFIG.resizeDelay);
  };

  /* ------------------------------------------------------------ filter and edition */

  const choices = () => ({
    show: controls?.elements.show.value || "all",
    view: controls?.elements.view.value || "now",
  });

  function applyChoices({ announce = true, remember = true } = {}) {
    const { show, view } = choices();
    // The address first: the browser records the scroll position with it, which lays out a changed page
    // again (at 4x slowdown the larger part of a filter change).
    if (remember) {
      const url = new URL(location.href);
      for (const [name, value, plain] of [["show", show, "all"], ["view", view, "now"]]) {
        if (value === plain) url.searchParams.delete(name);
        else url.searchParams.set(name, value);
      }
      history.replaceState(history.state, "", url);
    }
    root.dataset.editionShow = show;
    root.dataset.editionView = view;
    let shown = 0;
    for (const entry of entries.values()) {
      const { kind, verdict } = entry.note.dataset;
      const visible = (show === "all" || kind === show || verdict === show) && (view === "now" || kind !== "update");
      entry.note.hidden = !visible;
      if (entry.marker) entry.marker.hidden = !visible;
      for (const mark of entry.marks) mark.classList.toggle("is-hidden", !visible);
      if (!visible && entry === current) closeNote(entry, { focusMarker: false });
      shown += visible;
    }
    for (const event of document.querySelectorAll('[data-panel="timeline"] [data-since]')) event.hidden = view === "as-published";
    settleTimelines();
    place();
    if (announce) say(`${shown} of ${entries.size} notes shown${view === "as-published" ? ", as first published" : ""}`);
  }

  function restoreChoices() {
    if (!controls) return;
    const params = new URLSearchParams(location.search);
    for (const [name, plain] of [["show", "all"], ["view", "now"]]) {
      const field = controls.elements[name]; // a <select> or a set of radio buttons: both take a value
      field.value = params.get(name) ?? plain;
      if (field.value !== (params.get(name) ?? plain)) field.value = plain; // not a value it offers
    }
    if (params.has("show") || params.has("view")) applyChoices({ announce: false, remember: false });
  }

  function showEverything() {
    controls.elements.show.value = "all";
    controls.elements.view.value = "now";
    applyChoices();
  }

  /* ------------------------------------------------------------ links to notes */

  function openById(id, { scroll = true } = {}) {
    const entry = entries.get(id);
    if (!entry) return false;
    if (entry.note.hidden) showEverything();
    if (scroll) (entry.marks[0] ?? entry.note).scrollIntoView({ block: "center", behavior: "instant" });
    openNote(entry);
    entry.note.focus({ preventScroll: true });
    return true;
  }

  // "#note-<id>" or any element inside a note (a search result's heading); a malformed address does nothing.
  function noteIdFromHash(hash) {
    let id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch {
      return null;
    }
    const target = id ? document.getElementById(id) : null;
    const note = target?.closest(".edition-note");
    return note && entries.has(note.dataset.annotationId) ? note.dataset.annotationId : null;
  }

  const openFromHash = () => {
    const id = noteIdFromHash(location.hash);
    if (id) openById(id);
  };

  /* ------------------------------------------------------------ one listener a kind of event */

  document.addEventListener("click", (event) => {
    const marker = event.target.closest("a.edition-marker");
    if (marker && article.contains(marker)) {
      event.preventDefault();
      const entry = entryOf(marker);
      if (!entry) return;
      if (!entry.note.classList.contains("is-open")) history.replaceState(history.state, "", `#note-${entry.id}`);
      toggleNote(entry);
      return;
    }
    const copy = event.target.closest(".edition-note__copy");
    if (copy) {
      const link = copy.closest(".edition-note").querySelector(".edition-note__permalink");
      navigator.clipboard.writeText(link.href).then(() => {
        copy.textContent = "Link copied";
        say("Link copied");
        setTimeout(() => (copy.textContent = "Copy link"), 2000);
      });
      return;
    }
    const toggle = event.target.closest(".edition-note__toggle");
    if (toggle) {
      toggleNote(entryOf(toggle));
      return;
    }
    const link = event.target.closest('a[href*="#"]');
    if (link && link.pathname === location.pathname && link.search === location.search) {
      const id = noteIdFromHash(link.hash);
      if (id) {
        // Also when the address already names this note: the browser would not tell the page again.
        event.preventDefault();
        if (location.hash !== link.hash) history.pushState(history.state, "", link.hash);
        openById(id);
      }
      return;
    }
    const note = event.target.closest(".edition-note:not(.is-open)");
    if (note && list.contains(note) && !event.target.closest("a")) openNote(entryOf(note));
  });

  // Notes and their claims light up together; words inside several claims light up every one of them.
  const light = (event, on) => {
    const found = new Set([entryOf(event.target)]);
    for (let mark = event.target.closest?.("mark[data-annotation-id]"); mark; mark = mark.parentElement.closest("mark[data-annotation-id]")) {
      found.add(entries.get(mark.dataset.annotationId));
    }
    for (const entry of found) {
      if (!entry) continue;
      entry.note.classList.toggle("is-active", on);
      for (const mark of entry.marks) mark.classList.toggle("is-active", on);
    }
  };
  layout.addEventListener("mouseover", (event) => light(event, true));
  layout.addEventListener("mouseout", (event) => light(event, false));
  layout.addEventListener("focusin", (event) => light(event, true));
  layout.addEventListener("focusout", (event) => light(event, false));

  const tabbable = (within) =>
    [...within.querySelectorAll('a[href], button, input, summary, [tabindex]:not([tabindex="-1"])')].filter(
      (element) => !element.disabled && element.tabIndex >= 0 && element.getClientRects().length && !element.closest("[hidden], [inert]"),
    );

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) {
      const inside = current.note.contains(document.activeElement) || document.activeElement === current.marker;
      if (inside || inMargin) {
        event.preventDefault();
        closeNote(current);
      }
      return;
    }
    if (event.key !== "Tab" || !current?.marker || event.altKey || event.ctrlKey || event.metaKey) return;
    // An open note is read right after its marker: Tab goes through it, then on in the text after the marker.
    const inNote = tabbable(current.note);
    const active = document.activeElement;
    let next = null;
    if (!event.shiftKey && active === current.marker) next = inNote[0] ?? current.note;
    else if (!event.shiftKey && (active === inNote[inNote.length - 1] || (active === current.note && !inNote.length))) {
      next = tabbable(document.body).find(
        (element) => !current.note.contains(element) && current.marker.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING && !list.contains(element),
      );
    } else if (event.shiftKey && (active === inNote[0] || active === current.note)) next = current.marker;
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  controls?.addEventListener("change", () => applyChoices());
  window.addEventListener("hashchange", openFromHash);
  window.addEventListener("resize", placeSoon);
  // Text size, spacing and fonts change the entries' heights and the claims' places: place again. Not for the
  // sizes the observer first reports, which place() has just used (at 1,000 notes that was a second placing).
  const sizes = new WeakMap();
  const resized = new ResizeObserver((records) => {
    let changed = false;
    for (const { target, borderBoxSize: [box] } of records) {
      const size = `${Math.round(box.inlineSize)}x${Math.round(box.blockSize)}`;
      changed ||= sizes.has(target) && sizes.get(target) !== size;
      sizes.set(target, size);
    }
    if (changed) placeSoon();
  });
  resized.observe(article);
  for (const note of notes) resized.observe(note);
  // Print shows every note in full (edition.css), so every note needs its markup first.
  const fillInAll = () => notes.forEach(fillIn);
  window.addEventListener("beforeprint", fillInAll);
  window.matchMedia("print").addEventListener("change", (query) => query.matches && fillInAll());

  restoreChoices();
  place({ measure: true });
  openFromHash();
})();
