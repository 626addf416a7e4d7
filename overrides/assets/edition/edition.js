/* The annotated edition's reading layer. Without it every note is readable in full after the article (or
   in the margin column on wide screens; the browser shows each note's <noscript>); with it:
   - wide screens: notes become compact cards beside their anchors, packed downwards so none overlap,
     expanding in place;
   - narrow screens: a marker opens its note in place, right after the paragraph; Escape closes it and
     returns focus to the marker;
   - everywhere: deep links open their note, notes and highlights light up together, "copy link".
   navigation.instant is off in mkdocs.yml, so this runs once per page load. */
(() => {
  "use strict";

  const CONFIG = {
    wide: "(min-width: 1220px)", // the margin layout's breakpoint, as in edition.css
    gap: 12, // px between two cards in the margin
  };

  const layout = document.querySelector("[data-edition-layout]");
  if (!layout) return;
  const list = layout.querySelector(".edition-notes__list");
  const notes = [...list.querySelectorAll(".edition-note")];
  const wide = window.matchMedia(CONFIG.wide);

  const noteFor = (id) => document.getElementById(`note-${id}`);
  const marksFor = (id) => layout.querySelectorAll(`mark[data-annotation-id="${CSS.escape(id)}"]`);
  const markerFor = (id) => document.getElementById(`ref-${id}`);
  const idOf = (note) => note.dataset.annotationId;
  const isVisible = (note) => note.offsetParent !== null || note.getClientRects().length > 0;

  /* ------------------------------------------------------------ open and close */

  // Each note is one element: opening it in place moves it after its paragraph, closing moves it home.
  const homes = new Map(notes.map((note) => [note, document.createComment(`note ${idOf(note)}`)]));

  function setOpen(note, open) {
    const id = idOf(note);
    note.classList.toggle("is-open", open);
    note.querySelector(".edition-note__toggle")?.setAttribute("aria-expanded", String(open));
    markerFor(id)?.setAttribute("aria-expanded", String(open));
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
      copy.addEventListener("click", async () => {
        await navigator.clipboard.writeText(permalink.href);
        copy.textContent = "Link copied";
        setTimeout(() => (copy.textContent = "Copy link"), 2000);
      });
      permalink.after(" ", copy);
    }
  }

  const fillInAll = () => notes.forEach(fillIn);

  function openNote(note, { focus = true } = {}) {
    fillIn(note);
    if (!wide.matches) {
      const marker = markerFor(idOf(note));
      const block = marker?.closest("p, li, blockquote, h1, h2, h3, h4, h5, h6") ?? marker;
      if (block && note.previousElementSibling !== block) {
        if (!homes.get(note).parentNode) note.before(homes.get(note));
        block.after(note);
        note.classList.add("is-in-place");
      }
    }
    setOpen(note, true);
    place();
    if (focus) note.focus({ preventScroll: true });
    note.scrollIntoView({ block: "nearest" });
  }

  function closeNote(note, { focusMarker = true } = {}) {
    setOpen(note, false);
    const home = homes.get(note);
    if (home.parentNode) {
      home.replaceWith(note);
      note.classList.remove("is-in-place");
    }
    place();
    if (focusMarker) markerFor(idOf(note))?.focus();
  }

  const toggleNote = (note) => (note.classList.contains("is-open") ? closeNote(note) : openNote(note));

  /* ------------------------------------------------------------ the margin on wide screens */

  // Each card's top is its anchor's top unless the card above pushes it down. Cards are positioned
  // absolutely in a column CSS has already reserved, so placing them shifts nothing in the text.
  function place() {
    layout.classList.toggle("is-margin", wide.matches);
    if (!wide.matches) {
      list.style.minHeight = "";
      notes.forEach((note) => (note.style.top = ""));
      return;
    }
    const origin = list.getBoundingClientRect().top;
    let bottom = 0;
    for (const note of notes) {
      if (!isVisible(note)) continue;
      const mark = marksFor(idOf(note))[0];
      const wanted = mark ? mark.getBoundingClientRect().top - origin : bottom;
      const top = Math.max(Math.round(wanted), bottom);
      note.style.top = `${top}px`;
      bottom = top + note.offsetHeight + CONFIG.gap;
    }
    list.style.minHeight = `${bottom}px`;
    layout.classList.add("is-placed");
  }

  function onWidthChange() {
    // Notes opened in place on a narrow screen go home when the margin appears, and vice versa.
    notes.filter((note) => homes.get(note).parentNode).forEach((note) => closeNote(note, { focusMarker: false }));
    place();
  }

  /* ------------------------------------------------------------ upgrade the static page */

  for (const note of notes) {
    const id = idOf(note);
    note.tabIndex = -1;
    const head = note.querySelector(".edition-note__head");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "edition-note__toggle";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", `note-${id}--detail`);
    toggle.setAttribute("aria-label", `Show or hide the full note ${note.querySelector(".edition-note__number").textContent}`);
    head.append(toggle);
    toggle.addEventListener("click", () => toggleNote(note));

    const marker = markerFor(id);
    if (marker) {
      marker.setAttribute("aria-expanded", "false");
      marker.setAttribute("aria-controls", `note-${id}`);
      marker.addEventListener("click", (event) => {
        event.preventDefault();
        history.replaceState(null, "", `#note-${id}`);
        toggleNote(note);
      });
    }

    // Notes and their highlighted words light up together.
    const light = (on) => {
      note.classList.toggle("is-active", on);
      marksFor(id).forEach((mark) => mark.classList.toggle("is-active", on));
    };
    for (const element of [note, marker, ...marksFor(id)].filter(Boolean)) {
      element.addEventListener("mouseenter", () => light(true));
      element.addEventListener("mouseleave", () => light(false));
      element.addEventListener("focusin", () => light(true));
      element.addEventListener("focusout", () => light(false));
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const note = document.activeElement?.closest(".edition-note.is-open")
      ?? notes.find((n) => n.classList.contains("is-open") && markerFor(idOf(n)) === document.activeElement);
    if (note) {
      event.preventDefault();
      closeNote(note);
    }
  });

  function openFromHash() {
    const match = /^#note-(.+)$/.exec(decodeURIComponent(location.hash));
    const note = match && noteFor(match[1]);
    if (note && notes.includes(note)) openNote(note, { focus: true });
  }

  layout.querySelectorAll(".edition-filter input").forEach((input) => input.addEventListener("change", place));
  wide.addEventListener("change", onWidthChange);
  window.addEventListener("resize", place);
  window.addEventListener("hashchange", openFromHash);
  // Print shows every note in full (edition.css), so every note needs its markup first.
  window.addEventListener("beforeprint", fillInAll);
  window.matchMedia("print").addEventListener("change", (query) => query.matches && fillInAll());
  document.fonts?.ready.then(place);
  layout.classList.add("is-ready");
  place();
  openFromHash();
})();
