// folio's body editor (the editor page only): a visual mode on ProseMirror
// that keeps every block the editor did not change byte for byte, a source
// mode on CodeMirror (loaded when first used), Ctrl/Cmd+S, an autosave to
// the server, and the guard against leaving with unsaved changes.
//
// The visual mode never sends a whole body back. Each top-level block of
// the document remembers the block of the original body it came from
// (attribute `blk`); on save the form carries, beside the body as loaded,
// one edit per block: `{keep: i}` when the block serialises as it did when
// loaded, else `{from: i, html}` or `{html}` for a new one. The server
// (render::blocks) builds the body from the original bytes.
"use strict";

import * as PM from "/static/vendor/prosemirror.js";
import { chooseImage, imageFiles, uploadImage } from "/static/media.js";

const form = document.getElementById("article-form");
const textarea = document.getElementById("body");
const blocksField = document.getElementById("body-blocks");
const surface = document.getElementById("body-surface");
const visualBox = document.getElementById("visual-editor");
const sourceBox = document.getElementById("source-editor");
const toolbar = document.getElementById("visual-toolbar");
const sourceTools = document.getElementById("source-tools");
const grid = form.querySelector(".editor");
const say = form.dataset; // the catalog's messages, in the user's language
const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// A JSON request to folio; an error answer throws with its message.
const sendJson = async (method, url, payload) => {
  const res = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
    body: JSON.stringify(payload),
    credentials: "same-origin",
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error?.message ?? res.statusText);
  return answer;
};
const postJson = (url, payload) => sendJson("POST", url, payload);

// Tells the rest of the page (preview, kept draft) that the body changed.
const bodyChanged = () => textarea.dispatchEvent(new Event("input", { bubbles: true }));

// ---------------------------------------------------------------- schema

// Attributes a block keeps through the editor, so a changed paragraph
// comes back with its own style and class.
const KEPT = ["style", "class", "id", "align", "dir"];
const blockAttrs = (extra = {}) => ({
  blk: { default: null },
  ...Object.fromEntries(KEPT.map((n) => [n, { default: null }])),
  ...extra,
});
const readAttrs = (dom, extra = {}) => {
  const attrs = { ...extra };
  for (const n of KEPT) attrs[n] = dom.getAttribute(n);
  return attrs;
};
const writeAttrs = (attrs) => {
  const out = {};
  for (const n of KEPT) if (attrs[n] != null) out[n] = attrs[n];
  return out;
};

const nodes = {
  doc: { content: "block+" },
  paragraph: {
    group: "block",
    content: "inline*",
    attrs: blockAttrs(),
    parseDOM: [{ tag: "p", getAttrs: (d) => readAttrs(d) }],
    toDOM: (n) => ["p", writeAttrs(n.attrs), 0],
  },
  heading: {
    group: "block",
    content: "inline*",
    defining: true,
    attrs: blockAttrs({ level: { default: 2 } }),
    parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({
      tag: `h${level}`,
      getAttrs: (d) => readAttrs(d, { level }),
    })),
    toDOM: (n) => [`h${n.attrs.level}`, writeAttrs(n.attrs), 0],
  },
  blockquote: {
    group: "block",
    content: "block+",
    defining: true,
    attrs: blockAttrs(),
    parseDOM: [{ tag: "blockquote", getAttrs: (d) => readAttrs(d) }],
    toDOM: (n) => ["blockquote", writeAttrs(n.attrs), 0],
  },
  horizontal_rule: {
    group: "block",
    attrs: blockAttrs(),
    parseDOM: [{ tag: "hr", getAttrs: (d) => readAttrs(d) }],
    toDOM: (n) => ["hr", writeAttrs(n.attrs)],
  },
  code_block: {
    group: "block",
    content: "text*",
    marks: "",
    code: true,
    defining: true,
    attrs: blockAttrs(),
    parseDOM: [{ tag: "pre", preserveWhitespace: "full", getAttrs: (d) => readAttrs(d) }],
    toDOM: (n) => ["pre", writeAttrs(n.attrs), ["code", 0]],
  },
  ordered_list: {
    group: "block",
    content: "list_item+",
    attrs: blockAttrs({ start: { default: 1 } }),
    parseDOM: [
      {
        tag: "ol",
        getAttrs: (d) => readAttrs(d, { start: d.hasAttribute("start") ? +d.getAttribute("start") : 1 }),
      },
    ],
    toDOM: (n) => ["ol", { ...writeAttrs(n.attrs), ...(n.attrs.start === 1 ? {} : { start: n.attrs.start }) }, 0],
  },
  bullet_list: {
    group: "block",
    content: "list_item+",
    attrs: blockAttrs(),
    parseDOM: [{ tag: "ul", getAttrs: (d) => readAttrs(d) }],
    toDOM: (n) => ["ul", writeAttrs(n.attrs), 0],
  },
  list_item: {
    content: "paragraph block*",
    defining: true,
    parseDOM: [{ tag: "li" }],
    toDOM: () => ["li", 0],
  },
  // A block the visual mode shows but does not edit (a table, a figure, an
  // embedded SVG, a comment…): moved or deleted whole, edited in source.
  raw: {
    group: "block",
    atom: true,
    selectable: true,
    draggable: true,
    attrs: { html: { default: "" }, tag: { default: "" }, blk: { default: null } },
    parseDOM: [],
    toDOM: (n) => {
      const box = document.createElement("div");
      box.innerHTML = n.attrs.html;
      return box;
    },
  },
  text: { group: "inline" },
  image: {
    inline: true,
    group: "inline",
    draggable: true,
    attrs: Object.fromEntries(
      ["src", "alt", "title", "class", "width", "height", "referrerpolicy"].map((n) => [n, { default: null }]),
    ),
    parseDOM: [
      {
        tag: "img[src]",
        getAttrs: (d) =>
          Object.fromEntries(
            ["src", "alt", "title", "class", "width", "height", "referrerpolicy"].map((n) => [n, d.getAttribute(n)]),
          ),
      },
    ],
    toDOM: (n) => ["img", Object.fromEntries(Object.entries(n.attrs).filter(([, v]) => v != null))],
  },
  hard_break: {
    inline: true,
    group: "inline",
    selectable: false,
    parseDOM: [{ tag: "br" }],
    toDOM: () => ["br"],
  },
};

const schema = new PM.Schema({ nodes, marks: PM.basicMarks });
const parser = PM.DOMParser.fromSchema(schema);
const serializer = PM.DOMSerializer.fromSchema(schema);

// The blocks the visual mode edits as text; others are `raw`.
const EDITABLE = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr"]);

const htmlOf = (list) => {
  let out = "";
  const box = document.createElement("div");
  for (const node of list) {
    if (node.type === schema.nodes.raw) {
      out += node.attrs.html;
      continue;
    }
    box.replaceChildren(serializer.serializeNode(node));
    out += box.innerHTML;
  }
  return out;
};

// The original block a top-level node stands for: its own `blk`, or that
// of the first node inside it that has one (a paragraph wrapped in a quote
// or a list is still that paragraph's block).
const blockOf = (node) => {
  if (node.attrs.blk != null) return node.attrs.blk;
  let found = null;
  node.descendants((child) => {
    if (found != null) return false;
    if (child.attrs && child.attrs.blk != null) found = child.attrs.blk;
    return found == null;
  });
  return found;
};

// ------------------------------------------------------------ visual mode

let base = null; // { body, blocks, original: [html of each block as loaded] }
let view = null;

const docOf = (blocks) => {
  const made = [];
  blocks.forEach((block, blk) => {
    let list = [];
    if (EDITABLE.has(block.tag)) {
      const box = document.createElement("div");
      box.innerHTML = block.html;
      parser.parse(box).forEach((n) => list.push(n));
    }
    if (!list.length) list = [schema.nodes.raw.create({ html: block.html, tag: block.tag })];
    for (const n of list) made.push(n.type.create({ ...n.attrs, blk }, n.content, n.marks));
  });
  if (!made.length) made.push(schema.nodes.paragraph.create());
  return schema.nodes.doc.create(null, made);
};

// The form's edits for the document as it is; with the index of the edit
// holding the selection.
const editsOf = (doc, selectionPos = null) => {
  const kids = [];
  doc.forEach((n, offset) => kids.push([n, offset]));
  const edits = [];
  const used = new Set();
  let cursorEdit = 0;
  for (let i = 0; i < kids.length; ) {
    const blk = blockOf(kids[i][0]);
    let j = i + 1;
    if (blk != null) while (j < kids.length && blockOf(kids[j][0]) === blk) j++;
    const group = kids.slice(i, j);
    if (selectionPos != null && selectionPos >= group[0][1]) cursorEdit = edits.length;
    const html = htmlOf(group.map(([n]) => n));
    if (blk == null || used.has(blk)) edits.push({ html });
    else {
      used.add(blk);
      edits.push(html === base.original[blk] ? { keep: blk } : { from: blk, html });
    }
    i = j;
  }
  return { edits, cursorEdit };
};

const unchanged = (edits) =>
  edits.length === base.blocks.length && edits.every((e, i) => e.keep === i);

// The form carries the visual mode's edits (or none, when nothing changed).
const syncVisual = () => {
  if (!view) return;
  const { edits } = editsOf(view.state.doc);
  blocksField.value = unchanged(edits) ? "" : JSON.stringify(edits);
};

// Commands ----------------------------------------------------------------

// Sets the type of the selected text blocks, keeping each block's origin
// and attributes (ProseMirror's own setBlockType would drop them).
const setBlock = (type, extra = {}) => (state, dispatch) => {
  const { from, to } = state.selection;
  let applicable = false;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const $pos = state.doc.resolve(pos);
    const index = $pos.index();
    if (!node.hasMarkup(type, { ...node.attrs, ...extra }) && $pos.parent.canReplaceWith(index, index + 1, type))
      applicable = true;
    return false;
  });
  if (!applicable) return false;
  if (dispatch) {
    const attrsFor = (old) => {
      const out = {};
      for (const name of Object.keys(type.spec.attrs ?? {})) out[name] = extra[name] ?? old.attrs[name] ?? null;
      if (type.spec.attrs?.level && out.level == null) out.level = 2;
      return out;
    };
    dispatch(state.tr.setBlockType(from, to, type, attrsFor).scrollIntoView());
  }
  return true;
};

const markActive = (state, type) => {
  const { from, $from, to, empty } = state.selection;
  return empty ? !!type.isInSet(state.storedMarks || $from.marks()) : state.doc.rangeHasMark(from, to, type);
};

const toggleLink = (state, dispatch) => {
  const link = schema.marks.link;
  if (markActive(state, link)) {
    if (dispatch) {
      const { from, to } = state.selection;
      dispatch(state.tr.removeMark(from, to, link));
    }
    return true;
  }
  if (state.selection.empty) return false;
  if (dispatch) {
    const href = window.prompt(say.msgLinkUrl, "https://");
    if (!href || href === "https://") return false;
    PM.toggleMark(link, { href: href.trim() })(state, dispatch);
  }
  return true;
};

// An image from the media library (chosen, or uploaded there), or by
// its address.
const insertImage = (state, dispatch) => {
  if (dispatch) {
    chooseImage().then((chosen) => {
      if (chosen) placeImage(chosen.url, null);
      view.focus();
    });
  }
  return true;
};

// An image node at `pos` (a drop's place), else over the selection.
const placeImage = (src, pos) => {
  const node = schema.nodes.image.create({ src, alt: "" });
  const tr = pos == null ? view.state.tr.replaceSelectionWith(node) : view.state.tr.insert(pos, node);
  view.dispatch(tr.scrollIntoView());
};

// Image files pasted or dropped into the visual editor: uploaded to the
// media library one by one, each placed where it came in. A failure is
// said on the status line; the others go on.
const uploadInto = async (files, pos) => {
  for (const file of files) {
    try {
      const answer = await uploadImage(file);
      placeImage(answer.url, pos);
    } catch {
      // Said on the status line by uploadImage.
    }
  }
};

const clearFormatting = (state, dispatch) => {
  const { from, to } = state.selection;
  if (dispatch) {
    let tr = state.tr;
    for (const mark of Object.values(schema.marks)) tr = tr.removeMark(from, to, mark);
    dispatch(tr);
    setBlock(schema.nodes.paragraph)(view.state, view.dispatch);
  }
  return true;
};

const COMMANDS = {
  paragraph: setBlock(schema.nodes.paragraph),
  h2: setBlock(schema.nodes.heading, { level: 2 }),
  h3: setBlock(schema.nodes.heading, { level: 3 }),
  h4: setBlock(schema.nodes.heading, { level: 4 }),
  bold: PM.toggleMark(schema.marks.strong),
  italic: PM.toggleMark(schema.marks.em),
  link: toggleLink,
  bullet: PM.wrapInList(schema.nodes.bullet_list),
  ordered: PM.wrapInList(schema.nodes.ordered_list),
  quote: PM.wrapIn(schema.nodes.blockquote),
  image: insertImage,
  clear: clearFormatting,
  undo: PM.undo,
  redo: PM.redo,
};

const keys = {
  "Mod-b": COMMANDS.bold,
  "Mod-i": COMMANDS.italic,
  "Mod-k": COMMANDS.link,
  "Mod-z": PM.undo,
  "Shift-Mod-z": PM.redo,
  "Mod-y": PM.redo,
  "Mod-Alt-0": COMMANDS.paragraph,
  "Mod-Alt-2": COMMANDS.h2,
  "Mod-Alt-3": COMMANDS.h3,
  "Mod-Alt-4": COMMANDS.h4,
  "Shift-Mod-8": COMMANDS.bullet,
  "Shift-Mod-7": COMMANDS.ordered,
  "Mod-]": PM.sinkListItem(schema.nodes.list_item),
  "Mod-[": PM.liftListItem(schema.nodes.list_item),
  Enter: PM.splitListItem(schema.nodes.list_item),
  "Shift-Enter": PM.chainCommands(PM.exitCode, (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
    return true;
  }),
};

const rules = PM.inputRules({
  rules: [
    PM.wrappingInputRule(/^\s*>\s$/, schema.nodes.blockquote),
    PM.wrappingInputRule(/^\s*([-+*])\s$/, schema.nodes.bullet_list),
    PM.wrappingInputRule(/^(\d+)\.\s$/, schema.nodes.ordered_list, (m) => ({ start: +m[1] })),
  ],
});

// The toolbar shows what applies where the cursor is.
const refreshToolbar = (state) => {
  for (const button of toolbar.querySelectorAll("button[data-command]")) {
    const name = button.dataset.command;
    const command = COMMANDS[name];
    if (name === "bold" || name === "italic") {
      const mark = name === "bold" ? schema.marks.strong : schema.marks.em;
      button.setAttribute("aria-pressed", String(markActive(state, mark)));
    }
    if (name !== "link" && name !== "image") button.disabled = !command(state);
  }
  const select = toolbar.querySelector("#block-type");
  const parent = state.selection.$from.parent;
  select.value =
    parent.type === schema.nodes.heading && parent.attrs.level >= 2 && parent.attrs.level <= 4
      ? `h${parent.attrs.level}`
      : parent.type === schema.nodes.paragraph
        ? "paragraph"
        : "";
};

let syncTimer = null;
const showVisual = (answer, cursor = 0) => {
  const doc = docOf(answer.blocks);
  const original = [];
  doc.forEach((n) => {
    const blk = n.attrs.blk;
    original[blk] = (original[blk] ?? "") + htmlOf([n]);
  });
  base = { body: answer.body, blocks: answer.blocks, original };
  textarea.value = answer.body;
  blocksField.value = "";
  // The selection: the start of the block the cursor was in.
  let target = 0;
  answer.blocks.forEach((b, i) => {
    if (b.at <= cursor) target = i;
  });
  let pos = 0;
  let found = false;
  doc.forEach((n, offset) => {
    if (!found && n.attrs.blk === target) {
      pos = offset;
      found = true;
    }
  });
  const state = PM.EditorState.create({
    doc,
    plugins: [rules, PM.keymap(keys), PM.keymap(PM.baseKeymap), PM.dropCursor(), PM.gapCursor(), PM.history()],
  });
  const selection = PM.Selection.near(state.doc.resolve(Math.min(pos + 1, state.doc.content.size)));
  const ready = state.apply(state.tr.setSelection(selection));
  if (view) view.destroy();
  view = new PM.EditorView(visualBox, {
    state: ready,
    attributes: { "aria-label": say.msgVisualLabel, "aria-multiline": "true", role: "textbox", spellcheck: "false" },
    handlePaste: (_view, event) => {
      const files = imageFiles(event.clipboardData);
      if (!files.length) return false;
      uploadInto(files, null);
      return true;
    },
    handleDrop: (v, event) => {
      const files = imageFiles(event.dataTransfer);
      if (!files.length) return false;
      event.preventDefault();
      uploadInto(files, v.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? null);
      return true;
    },
    nodeViews: {
      raw: (node) => {
        const dom = document.createElement("div");
        dom.className = "raw-block";
        dom.title = say.msgRawBlock;
        if (node.attrs.tag === "#comment") dom.textContent = say.msgComment;
        else dom.innerHTML = node.attrs.html;
        return { dom, ignoreMutation: () => true };
      },
    },
    dispatchTransaction(tr) {
      const next = view.state.apply(tr);
      view.updateState(next);
      refreshToolbar(next);
      if (tr.docChanged) {
        clearTimeout(syncTimer);
        syncTimer = setTimeout(() => {
          syncVisual();
          bodyChanged();
        }, 400);
      }
    },
  });
  refreshToolbar(view.state);
};

// ------------------------------------------------------------ source mode

let CM = null;
let cm = null;
// The formatted view: one block a line for reading. Saved only if edited.
let formatted = null; // { text, edited }

const phrases = () => JSON.parse(document.getElementById("source-phrases")?.textContent ?? "{}");

const sourceExtensions = (lang) => [
  CM.lineNumbers(),
  CM.highlightActiveLineGutter(),
  CM.highlightSpecialChars(),
  CM.history(),
  CM.drawSelection(),
  CM.indentOnInput(),
  CM.syntaxHighlighting(CM.defaultHighlightStyle, { fallback: true }),
  CM.bracketMatching(),
  CM.highlightActiveLine(),
  CM.highlightSelectionMatches(),
  CM.search({ top: true }),
  CM.EditorView.lineWrapping,
  CM.keymap.of([...CM.defaultKeymap, ...CM.searchKeymap, ...CM.historyKeymap]),
  // What is typed goes in as typed: no closing tags added.
  lang === "html"
    ? CM.html({ autoCloseTags: false })
    : CM.markdown({ htmlTagLanguage: CM.html({ autoCloseTags: false }) }),
  CM.EditorState.phrases.of(phrases()),
  CM.EditorView.contentAttributes.of({ "aria-label": say.msgSourceLabel }),
  CM.EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    const text = update.state.doc.toString();
    if (formatted) formatted.edited = true;
    textarea.value = text;
    bodyChanged();
  }),
];

// One block a line: a line break between blocks that touch.
const formattedText = (body, blocks) => {
  let out = "";
  let last = 0;
  blocks.forEach((b, i) => {
    out += body.slice(last, b.at);
    if (i > 0 && blocks[i - 1].end === b.at) out += "\n";
    last = b.at;
  });
  return out + body.slice(last);
};

const showSource = async (body, cursor = 0) => {
  CM ??= await import("/static/vendor/codemirror.js");
  const lang = body.trimStart().startsWith("<") ? "html" : "markdown";
  const state = CM.EditorState.create({
    doc: body,
    selection: { anchor: Math.min(cursor, body.length) },
    extensions: sourceExtensions(lang),
  });
  if (cm) cm.setState(state);
  else cm = new CM.EditorView({ state, parent: sourceBox });
  cm.dispatch({ effects: CM.EditorView.scrollIntoView(Math.min(cursor, body.length), { y: "start" }) });
};

// Image files pasted or dropped into the source: uploaded, and an <img>
// (or Markdown's ![]()) typed where the cursor is. Listened to before
// CodeMirror sees them (capture), which would paste their names.
const sourceImages = (event, transfer) => {
  const files = imageFiles(transfer);
  if (!files.length || !cm) return;
  event.preventDefault();
  event.stopPropagation();
  const markdown = !cm.state.doc.toString().trimStart().startsWith("<");
  (async () => {
    for (const file of files) {
      try {
        const { url } = await uploadImage(file);
        cm.dispatch(cm.state.replaceSelection(markdown ? `![](${url})` : `<img src="${url}" alt="">`));
      } catch {
        // Said on the status line.
      }
    }
  })();
};
sourceBox.addEventListener("paste", (e) => sourceImages(e, e.clipboardData), true);
sourceBox.addEventListener("drop", (e) => sourceImages(e, e.dataTransfer), true);

// ------------------------------------------------------------ modes

let mode = null;

const setMode = (next) => {
  mode = next;
  surface.dataset.mode = next;
  visualBox.hidden = next !== "visual";
  toolbar.hidden = next !== "visual";
  sourceBox.hidden = next !== "source";
  sourceTools.hidden = next !== "source";
  grid.classList.toggle("visual", next === "visual");
  for (const b of document.querySelectorAll("#editor-modes [data-mode]")) {
    b.setAttribute("aria-pressed", String(b.dataset.mode === next));
  }
  localStorage.setItem("folio-editor-mode", next);
};

const toSource = async () => {
  let body = textarea.value;
  let cursor = 0;
  if (mode === "visual" && view) {
    const { edits, cursorEdit } = editsOf(view.state.doc, view.state.selection.from);
    if (unchanged(edits)) {
      body = base.body;
      cursor = base.blocks[cursorEdit]?.at ?? 0;
    } else {
      const answer = await postJson("/admin/body/assemble", { body: base.body, edits });
      body = answer.body;
      cursor = answer.at[cursorEdit] ?? 0;
    }
    textarea.value = body;
    blocksField.value = "";
  }
  formatted = null;
  document.getElementById("formatted-view").setAttribute("aria-pressed", "false");
  setMode("source");
  await showSource(body, cursor);
  cm.focus();
};

const toVisual = async () => {
  const cursor = cm ? cm.state.selection.main.head : 0;
  let answer = await postJson("/admin/body/blocks", { body: textarea.value });
  if (!answer.visual) {
    if (!window.confirm(say.msgConvert)) return;
    answer = await postJson("/admin/body/blocks", { body: textarea.value, convert: true });
    bodyChanged();
  }
  formatted = null;
  setMode("visual");
  showVisual(answer, cursor);
  view.focus();
};

// The formatted view of the source: on, the editor shows one block a line;
// off again, the body as it is (the formatted text, if edited in it).
const toggleFormatted = async () => {
  const button = document.getElementById("formatted-view");
  if (!formatted) {
    const answer = await postJson("/admin/body/blocks", { body: textarea.value });
    const text = formattedText(answer.body, answer.blocks);
    const original = textarea.value;
    await showSource(text, 0);
    textarea.value = original; // nothing edited yet: the body stays as it is
    formatted = { text, original, edited: false };
    button.setAttribute("aria-pressed", "true");
  } else {
    const { original, edited } = formatted;
    formatted = null;
    if (!edited) await showSource(original, cm.state.selection.main.head);
    button.setAttribute("aria-pressed", "false");
  }
};

// ------------------------------------------------------------ wiring

toolbar.addEventListener("mousedown", (e) => {
  // Keep the editor's selection while a toolbar button is pressed.
  if (e.target.closest("button")) e.preventDefault();
});
toolbar.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-command]");
  if (!button || !view) return;
  COMMANDS[button.dataset.command](view.state, view.dispatch, view);
  view.focus();
});
toolbar.querySelector("#block-type").addEventListener("change", (e) => {
  const command = COMMANDS[e.target.value];
  if (command && view) {
    command(view.state, view.dispatch);
    view.focus();
  }
});
for (const button of document.querySelectorAll("#editor-modes [data-mode]")) {
  button.addEventListener("click", () => {
    if (button.dataset.mode === mode) return;
    (button.dataset.mode === "visual" ? toVisual() : toSource()).catch((e) => window.alert(e.message));
  });
}
document.getElementById("formatted-view").addEventListener("click", () => {
  toggleFormatted().catch((e) => window.alert(e.message));
});

// Saving: the form carries the visual mode's edits as they are now.
let submitting = false;
form.addEventListener("submit", () => {
  if (mode === "visual") syncVisual();
  submitting = true;
});
document.addEventListener("keydown", (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "s") {
    e.preventDefault();
    form.requestSubmit(document.getElementById("save"));
  }
});

// Leaving with unsaved changes asks first (the kept draft is the net).
let dirty = false;
form.addEventListener("input", () => (dirty = true));
window.addEventListener("beforeunload", (e) => {
  if (dirty && !submitting) e.preventDefault();
});

// The autosave: the form as it is, to the server, 30 s after typing began
// (the page says how long), and again 30 s after the next keystroke.
const formFields = () => {
  if (mode === "visual") syncVisual();
  const fields = {};
  for (const el of form.elements) {
    if (el.name && el.name !== "csrf" && el.name !== "version") fields[el.name] = el.value;
  }
  return fields;
};
let autosaveTimer = null;
const autosave = async () => {
  autosaveTimer = null;
  const answer = await sendJson("PUT", `/admin/autosave/${form.dataset.article}`, formFields());
  const status = document.getElementById("draft-status");
  if (status) status.textContent = answer.message;
};
form.addEventListener("input", () => {
  autosaveTimer ??= setTimeout(() => autosave().catch(() => {}), +form.dataset.autosaveMs);
});

// An autosave offered back: its fields into the form, shown in the editor.
const offered = document.getElementById("autosave-banner");
if (offered) {
  document.getElementById("autosave-restore").addEventListener("click", () => {
    const fields = JSON.parse(document.getElementById("autosave-fields").textContent);
    for (const [name, value] of Object.entries(fields)) {
      const el = form.elements.namedItem(name);
      if (el && name !== "csrf" && name !== "version") el.value = value;
    }
    offered.remove();
    form.dispatchEvent(new Event("folio:restored"));
    dirty = true;
  });
  document.getElementById("autosave-discard").addEventListener("click", async () => {
    await fetch(`/admin/autosave/${form.dataset.article}`, {
      method: "DELETE",
      headers: { "X-CSRF-Token": csrf() },
      credentials: "same-origin",
    });
    offered.remove();
  });
}

// A kept draft restored by admin.js: show its body in the current mode.
form.addEventListener("folio:restored", () => {
  const edits = blocksField.value;
  const restore = async () => {
    if (edits) {
      const answer = await postJson("/admin/body/assemble", { body: textarea.value, edits: JSON.parse(edits) });
      textarea.value = answer.body;
      blocksField.value = "";
    }
    if (mode === "visual") {
      const answer = await postJson("/admin/body/blocks", { body: textarea.value });
      if (answer.visual) showVisual(answer);
      else {
        setMode("source");
        await showSource(textarea.value);
      }
    } else await showSource(textarea.value);
  };
  restore().catch((e) => window.alert(e.message));
});

// ------------------------------------------------------------ start

// The toolbar sticks just below the action bar, whose height changes with
// the window's width.
const bar = document.getElementById("editor-bar");
new ResizeObserver(() => {
  document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
}).observe(bar);

const initial = JSON.parse(document.getElementById("visual-blocks").textContent);
textarea.hidden = true;
surface.hidden = false;
const preferred = localStorage.getItem("folio-editor-mode") ?? "visual";
if (initial.visual && preferred === "visual") {
  setMode("visual");
  showVisual({ ...initial, body: textarea.value });
} else {
  setMode("source");
  showSource(textarea.value);
}
// When the editor is ready for typing (bench_editor reads the mark).
performance.mark("folio-editor-ready");
document.documentElement.dataset.editorReady = "1";
