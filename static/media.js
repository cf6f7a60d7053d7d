// Images in the editor (the editor page only): uploading a file to the
// media library, and a dialog to choose an image from it, upload one, or
// give an address. Used by editor.js (the body) and pickers.js (the cover
// and thumbnail). Every word shown comes from the form's data-msg-*
// attributes, in the user's language.
"use strict";

const say = document.getElementById("article-form")?.dataset ?? {};
const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// The lines that say what an upload is doing: under the body, and in
// the dialog while it is open.
export const tell = (text) => {
  for (const line of document.querySelectorAll("[data-upload-status]")) line.textContent = text;
};

// Uploads one image file; its answer ({url, width, height, …}). Throws
// with folio's message (not an image, too large…).
export const uploadImage = async (file) => {
  tell(`${say.msgUploading} ${file.name}…`);
  const data = new FormData();
  data.append("file", file, file.name);
  const res = await fetch("/admin/api/media", {
    method: "POST",
    headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
    body: data,
    credentials: "same-origin",
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) {
    const why = answer.error?.message ?? res.statusText;
    tell(`${say.msgUploadFailed}: ${file.name} — ${why}`);
    throw new Error(why);
  }
  tell(`${say.msgUploaded}: ${file.name}`);
  return answer;
};

// The image files among a paste's or drop's items.
export const imageFiles = (transfer) =>
  [...(transfer?.files ?? [])].filter((f) => /^image\/(jpeg|png|gif|webp)$/.test(f.type));

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

// The dialog: resolves with {url, alt} of the image chosen, or null.
export const chooseImage = () =>
  new Promise((resolve) => {
    const search = el("input", { type: "search", id: "media-dialog-search", placeholder: say.msgMediaSearch });
    search.setAttribute("aria-label", say.msgMediaSearch);
    const grid = el("ul", { className: "media-grid", id: "media-dialog-grid" });
    const file = el("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp", id: "media-dialog-file" });
    const fileLabel = el("label", {}, say.msgMediaUpload, " ", file);
    const address = el("input", { type: "url", id: "media-dialog-url", placeholder: "https://" });
    const useAddress = el("button", { type: "button", id: "media-dialog-use-url" }, say.msgMediaUseAddress);
    const addressLabel = el("label", {}, say.msgImageUrl, " ", address);
    const close = el("button", { type: "button", id: "media-dialog-close" }, say.msgMediaClose);
    const dialog = el(
      "dialog",
      { className: "media-dialog", id: "media-dialog" },
      el("h2", {}, say.msgMediaChoose),
      el("div", { className: "media-dialog-bar" }, search, fileLabel),
      el("p", { className: "muted", role: "status" }),
      grid,
      el("div", { className: "media-dialog-bar" }, addressLabel, useAddress, close),
    );
    dialog.setAttribute("aria-label", say.msgMediaChoose);
    dialog.querySelector('[role="status"]').setAttribute("data-upload-status", "");
    let done = false;
    const finish = (chosen) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(chosen);
    };
    const load = async () => {
      const q = encodeURIComponent(search.value.trim());
      const res = await fetch(`/admin/api/media?per_page=60&q=${q}`, { credentials: "same-origin" });
      const answer = await res.json().catch(() => ({ media: [] }));
      grid.replaceChildren(
        ...(answer.media ?? []).map((m) => {
          const pick = el(
            "button",
            { type: "button", className: "media-pick" },
            el("img", { src: m.thumb, alt: "", width: m.width, height: m.height, loading: "lazy" }),
            el("span", { className: "name" }, m.file_name ?? m.hash.slice(0, 12)),
          );
          pick.dataset.url = m.url;
          pick.addEventListener("click", () => finish({ url: m.url, alt: "" }));
          return el("li", {}, pick);
        }),
      );
      if (!grid.children.length) grid.append(el("li", { className: "muted" }, say.msgMediaNone));
    };
    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => load().catch(() => {}), 250);
    });
    file.addEventListener("change", async () => {
      const [f] = file.files;
      if (!f) return;
      try {
        const answer = await uploadImage(f);
        finish({ url: answer.url, alt: "" });
      } catch {
        // The status line says why; the dialog stays for another try.
      }
    });
    useAddress.addEventListener("click", () => {
      const url = address.value.trim();
      if (/^https?:\/\/./i.test(url)) finish({ url, alt: "" });
    });
    close.addEventListener("click", () => finish(null));
    dialog.addEventListener("close", () => finish(null));
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
    load().catch(() => {});
  });
