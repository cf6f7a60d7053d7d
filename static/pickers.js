// The editor's pickers (the editor page only): tags as chips with the tag
// being typed completed, categories picked from a searchable tree (a new
// one only by an explicit "create"), and previews of the cover and
// thumbnail. Each works on the form's own field, hidden, so the form posts
// what it always did, and works without this script.
"use strict";

import { chooseImage } from "/static/media.js";

const form = document.getElementById("article-form");
const say = form.dataset;

const element = (tag, props = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith("aria-") || k === "role") el.setAttribute(k, v);
    else el[k] = v;
  }
  el.append(...children);
  return el;
};

const changed = (field) => field.dispatchEvent(new Event("input", { bubbles: true }));

// A chip: its text, a "new" mark when folio does not know it yet, and a
// button removing it.
const chip = (text, isNew, remove) =>
  element(
    "li",
    { className: isNew ? "chip new" : "chip" },
    element("span", {}, text),
    ...(isNew ? [element("span", { className: "chip-new" }, say.msgNewTag)] : []),
    element("button", { type: "button", className: "chip-remove", "aria-label": `${say.msgRemove} ${text}`, onclick: remove }, "×"),
  );

// A combobox's suggestion list, driven by the keyboard too.
const suggestionList = (input, id, choose) => {
  const list = element("ul", { id, className: "suggestions", role: "listbox", hidden: true });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", id);
  input.setAttribute("aria-expanded", "false");
  let active = -1;
  const items = () => [...list.querySelectorAll("[role=option]")];
  const mark = () => {
    items().forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    const current = items()[active];
    if (current) input.setAttribute("aria-activedescendant", current.id);
    else input.removeAttribute("aria-activedescendant");
  };
  const show = (entries) => {
    active = -1;
    list.replaceChildren(
      ...entries.map((entry, i) =>
        element(
          "li",
          {
            id: `${id}-${i}`,
            role: "option",
            className: entry.className ?? "",
            onmousedown: (e) => {
              e.preventDefault();
              choose(entry.value);
            },
          },
          entry.label,
        ),
      ),
    );
    for (const [i, entry] of entries.entries()) list.children[i].dataset.value = entry.value;
    list.hidden = entries.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    mark();
  };
  input.addEventListener("keydown", (e) => {
    const n = items().length;
    if (e.key === "ArrowDown" && n) {
      active = (active + 1) % n;
      mark();
      e.preventDefault();
    } else if (e.key === "ArrowUp" && n) {
      active = (active - 1 + n) % n;
      mark();
      e.preventDefault();
    } else if (e.key === "Escape") show([]);
  });
  input.addEventListener("blur", () => setTimeout(() => show([]), 100));
  return { list, show, active: () => (active >= 0 ? items()[active] : null) };
};

// ---------------------------------------------------------------- tags

const tagsField = document.getElementById("tags");
if (tagsField) {
  const SEPARATORS = /[,，、;；]/;
  const known = [...document.querySelectorAll("#tag-names option")].map((o) => o.value);
  const byLower = new Map(known.map((n) => [n.toLowerCase(), n]));
  let tags = tagsField.value.split(SEPARATORS).map((t) => t.trim()).filter(Boolean);
  let values = [];

  const chosen = element("ul", { className: "chips", id: "tag-chips" });
  const input = element("input", { type: "text", id: "tag-input", autocomplete: "off", placeholder: say.msgAddTag });
  // `quiet`: the first showing, which changes nothing.
  const render = (quiet = false) => {
    chosen.replaceChildren(
      ...tags.map((t) =>
        chip(t, !byLower.has(t.toLowerCase()), () => {
          tags = tags.filter((x) => x !== t);
          render();
          input.focus();
        }),
      ),
    );
    tagsField.value = tags.join(", ");
    if (!quiet) changed(tagsField);
  };
  const add = (name) => {
    const typed = name.trim();
    if (!typed) return;
    // A known tag in its own spelling (folio's tags ignore case).
    const tag = byLower.get(typed.toLowerCase()) ?? typed;
    if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
    render();
  };
  const suggest = suggestionList(input, "tag-suggestions", (value) => {
    add(value);
    input.value = "";
    suggest.show([]);
    input.focus();
  });
  const refresh = () => {
    const typed = input.value.trim().toLowerCase();
    if (!typed) return suggest.show([]);
    const taken = new Set(tags.map((t) => t.toLowerCase()));
    const starts = known.filter((n) => n.toLowerCase().startsWith(typed) && !taken.has(n.toLowerCase()));
    const contains = known.filter(
      (n) => !n.toLowerCase().startsWith(typed) && n.toLowerCase().includes(typed) && !taken.has(n.toLowerCase()),
    );
    values = [...starts, ...contains].slice(0, 8);
    suggest.show(values.map((v) => ({ value: v, label: v })));
  };
  input.addEventListener("input", () => {
    // A separator typed or pasted ends the tags before it.
    if (SEPARATORS.test(input.value)) {
      const parts = input.value.split(SEPARATORS);
      input.value = parts.pop();
      parts.forEach(add);
    }
    refresh();
  });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return; // an input method is still composing
    if (e.key === "Enter") {
      e.preventDefault();
      const active = suggest.active();
      add(active ? active.dataset.value : input.value);
      input.value = "";
      suggest.show([]);
    } else if (e.key === "Backspace" && input.value === "" && tags.length) {
      tags.pop();
      render();
    }
  });
  tagsField.hidden = true;
  tagsField.removeAttribute("list");
  document.querySelector('label[for="tags"]')?.setAttribute("for", "tag-input");
  tagsField.after(element("div", { className: "picker" }, chosen, input, suggest.list));
  render(true);
}

// ---------------------------------------------------------------- categories

const categoriesField = document.getElementById("categories");
if (categoriesField) {
  const normal = (path) =>
    path
      .split(/>|＞/)
      .map((s) => s.trim())
      .filter(Boolean)
      .join(" > ");
  const paths = [...document.querySelectorAll("#category-paths option")].map((o) => o.value);
  const knownPaths = new Set(paths);
  let chosen = categoriesField.value.split("\n").map(normal).filter(Boolean);

  const list = element("ul", { className: "chips", id: "category-chips" });
  const input = element("input", { type: "search", id: "category-search", autocomplete: "off", placeholder: say.msgFindCategory });
  const create = element("button", { type: "button", id: "create-category", hidden: true }, say.msgCreateCategory);
  const none = element("p", { className: "muted", hidden: true }, say.msgNoCategory);
  const render = (quiet = false) => {
    list.replaceChildren(
      ...chosen.map((p) =>
        chip(p, !knownPaths.has(p), () => {
          chosen = chosen.filter((x) => x !== p);
          render();
          input.focus();
        }),
      ),
    );
    categoriesField.value = chosen.join("\n");
    if (!quiet) changed(categoriesField);
  };
  const pick = (path) => {
    if (!chosen.includes(path)) chosen.push(path);
    input.value = "";
    refresh();
    render();
  };
  const suggest = suggestionList(input, "category-tree", pick);
  // The tree: every path under its parent, indented by depth; a search
  // keeps the paths that contain it (with their full path shown).
  const refresh = () => {
    const typed = normal(input.value).toLowerCase();
    const matches = typed ? paths.filter((p) => p.toLowerCase().includes(typed)) : paths;
    suggest.show(
      matches.slice(0, 300).map((p) => {
        const parts = p.split(" > ");
        return {
          value: p,
          label: typed ? p : parts[parts.length - 1],
          className: `depth-${Math.min(parts.length - 1, 5)}${chosen.includes(p) ? " chosen" : ""}`,
        };
      }),
    );
    const exact = typed && paths.some((p) => p.toLowerCase() === typed);
    create.hidden = !typed || exact;
    create.textContent = `${say.msgCreateCategory}: ${normal(input.value)}`;
    none.hidden = !typed || matches.length > 0;
  };
  input.addEventListener("input", refresh);
  input.addEventListener("focus", refresh);
  input.addEventListener("keydown", (e) => {
    if (e.isComposing || e.key !== "Enter") return;
    e.preventDefault();
    const active = suggest.active();
    if (active) pick(active.dataset.value);
  });
  // A new category only when asked for, by name.
  create.addEventListener("click", () => {
    const path = normal(input.value);
    if (path) pick(path);
  });
  categoriesField.hidden = true;
  document.querySelector('label[for="categories"]')?.setAttribute("for", "category-search");
  categoriesField.after(element("div", { className: "picker" }, list, input, create, none, suggest.list));
  render(true);
}

// ---------------------------------------------------------------- images

for (const name of ["headimg", "thumbnail"]) {
  const field = document.getElementById(name);
  if (!field) continue;
  const preview = element("img", { className: "image-preview", id: `preview-${name}`, alt: say.msgImagePreview, hidden: true });
  // Choose from the media library, upload there, or give an address.
  const choose = element("button", { type: "button", className: "image-choose", id: `choose-${name}` }, say.msgMediaChoose);
  choose.addEventListener("click", async () => {
    const chosen = await chooseImage();
    if (!chosen) return;
    field.value = chosen.url;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
  field.after(choose, preview);
  const show = () => {
    const url = field.value.trim();
    preview.hidden = !/^(https?:\/\/|\/media\/)/i.test(url);
    if (!preview.hidden) preview.src = url;
  };
  preview.addEventListener("error", () => (preview.hidden = true));
  field.addEventListener("input", show);
  show();
}
