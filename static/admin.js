// folio admin: the little script the pages need. Loaded with `defer` from
// /static (the CSP forbids inline scripts); every page works without it,
// except the live preview and the recovery of unsaved edits.
"use strict";

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// The message of the last action: said again once the page has loaded,
// so screen readers announce it (a live region is read on changes).
const flash = document.getElementById("flash");
if (flash) {
  const text = flash.textContent;
  flash.textContent = "";
  setTimeout(() => (flash.textContent = text), 150);
}

// The user has not chosen a time zone: offer the browser's, when it is
// not the one the admin already uses.
const proposal = document.getElementById("zone-proposal");
if (proposal) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const use = document.getElementById("zone-use-browser");
  if (zone && zone !== proposal.dataset.current && use) {
    use.value = zone;
    use.querySelector("span").textContent = `(${zone})`;
    use.hidden = false;
  }
}

// Select every row of a list at once.
document.getElementById("select-all")?.addEventListener("change", (e) => {
  for (const box of document.querySelectorAll('#articles input[name="id"]')) {
    box.checked = e.target.checked;
  }
});

// Ask before destructive forms (data-confirm="…"), in the browser's
// dialog; a yes is sent as confirm=1, so the server does not ask again on
// a page (which is how it asks when there is no script). A form with
// data-confirm-when asks only for that value of its action select.
const saidYes = (form) => {
  const yes = document.createElement("input");
  yes.type = "hidden";
  yes.name = "confirm";
  yes.value = "1";
  form.append(yes);
};
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (e) => {
    const when = form.dataset.confirmWhen;
    if (when && form.elements.namedItem("action")?.value !== when) return;
    if (window.confirm(form.dataset.confirm)) saidYes(form);
    else e.preventDefault();
  });
}

// Tag autocomplete for a comma-separated field: the suggestions are the
// known tags appended to what is already typed, so the browser's own
// <datalist> completes the tag being written, not just the first.
for (const input of document.querySelectorAll("input[list=tag-names]")) {
  const list = document.getElementById("tag-names");
  const names = [...list.options].map((o) => o.value);
  input.addEventListener("input", () => {
    const parts = input.value.split(/[,，、]/);
    const typed = parts.pop().trim().toLowerCase();
    const done = parts.map((p) => p.trim()).filter(Boolean);
    const prefix = done.length ? done.join(", ") + ", " : "";
    list.replaceChildren(
      ...names
        .filter((n) => n.toLowerCase().startsWith(typed) && !done.includes(n))
        .slice(0, 50)
        .map((n) => new Option(prefix + n, prefix + n)),
    );
  });
}

const editor = document.getElementById("article-form");
if (editor) {
  const body = document.getElementById("body");
  const preview = document.getElementById("preview");
  const status = document.getElementById("draft-status");
  const key = editor.dataset.draftKey;

  // Live preview: the server sanitises, exactly as for the public page.
  let timer = null;
  const refresh = async () => {
    const res = await fetch("/admin/preview", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify({ body: body.value }),
      credentials: "same-origin",
    });
    if (res.ok) {
      preview.innerHTML = (await res.json()).html;
    } else if (res.status === 401) {
      preview.textContent = editor.dataset.msgSessionEnded;
    }
  };
  body.addEventListener("input", () => {
    // The visual mode is its own preview.
    if (editor.querySelector(".editor.visual")) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  refresh();

    // A new article's slug, made from its title as the server will make it
  // (pinyin for Chinese), shown while the editor leaves it to folio.
  const title = document.getElementById("title");
  const slug = document.getElementById("slug");
  if (title && slug && !editor.querySelector('input[name="version"]')) {
    let suggested = slug.value;
    let slugTimer = null;
    title.addEventListener("input", () => {
      clearTimeout(slugTimer);
      slugTimer = setTimeout(async () => {
        if (slug.value !== suggested) return; // the editor typed their own
        const res = await fetch(`/admin/slug?title=${encodeURIComponent(title.value)}`, {
          credentials: "same-origin",
        });
        if (res.ok && slug.value === suggested) {
          suggested = (await res.json()).slug;
          slug.value = suggested;
        }
      }, 300);
    });
  }

  // Unsaved edits live in this browser until a save succeeds, so an
  // expired session or a closed tab loses nothing.
  const fields = () => {
    const out = {};
    for (const el of editor.elements) {
      if (el.name && el.name !== "csrf" && el.name !== "version") out[el.name] = el.value;
    }
    return out;
  };
  const initial = JSON.stringify(fields());
  if (editor.dataset.saved) {
    localStorage.removeItem(key);
  } else {
    const stored = localStorage.getItem(key);
    const draft = stored ? JSON.parse(stored) : null;
    if (draft && JSON.stringify(draft.fields) !== initial) {
      const banner = document.createElement("p");
      banner.className = "notice warn";
      banner.id = "draft-banner";
      banner.textContent = `${editor.dataset.msgDraftFound} ${new Date(draft.at).toLocaleString()} `;
      const restore = document.createElement("button");
      restore.type = "button";
      restore.id = "restore-draft";
      restore.textContent = editor.dataset.msgRestore;
      restore.addEventListener("click", () => {
        for (const [name, value] of Object.entries(draft.fields)) {
          const el = editor.elements.namedItem(name);
          if (el) el.value = value;
        }
        banner.remove();
        // The body editor (editor.js) shows the restored body.
        editor.dispatchEvent(new Event("folio:restored"));
        refresh();
      });
      const discard = document.createElement("button");
      discard.type = "button";
      discard.textContent = editor.dataset.msgDiscard;
      discard.addEventListener("click", () => {
        localStorage.removeItem(key);
        banner.remove();
      });
      banner.append(restore, " ", discard);
      // Above the sticky action bar, which would cover it once scrolled.
      (document.getElementById("editor-bar") ?? editor).before(banner);
    }
  }
  editor.addEventListener("input", () => {
    localStorage.setItem(key, JSON.stringify({ at: Date.now(), fields: fields() }));
    if (status) status.textContent = editor.dataset.msgKept;
  });
}

// An import running in the background: follow its progress, and reload
// the page (which then shows the report) once it has ended.
const run = document.getElementById("run");
if (run && (run.dataset.state === "queued" || run.dataset.state === "running")) {
  const bar = document.getElementById("run-progress");
  const count = document.getElementById("run-count");
  const state = document.getElementById("run-state");
  const follow = async () => {
    try {
      const answer = await fetch(run.dataset.run, { headers: { Accept: "application/json" } });
      if (answer.ok) {
        const status = await answer.json();
        if (status.state !== "queued" && status.state !== "running") {
          window.location.reload();
          return;
        }
                state.textContent = run.dataset[`label${status.state[0].toUpperCase()}${status.state.slice(1)}`] ?? status.state;
        const { done, total } = status.progress;
        bar.value = done;
        if (total !== null) bar.max = total;
        count.textContent = total === null ? `${done}` : `${done} / ${total}`;
      }
    } catch (_) {
      // A network blip: try again on the next tick.
    }
    setTimeout(follow, 1000);
  };
  setTimeout(follow, 1000);
}
