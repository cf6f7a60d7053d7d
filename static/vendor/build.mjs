// Bundles the editor's libraries (pinned in package-lock.json) into two
// ES modules under static/vendor/, minified, and copies each package's
// licence beside them. Run after changing a version:
//   npm ci --ignore-scripts && node build.mjs
// The outputs are committed: folio's own build never needs node.
import { build } from "esbuild";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

for (const name of ["prosemirror", "codemirror"]) {
  await build({
    entryPoints: [`src/${name}.js`],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    legalComments: "none",
    outfile: `${name}.js`,
  });
}

// Every package bundled, with its version and licence: LICENSES.txt.
const allowed = new Set(["MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "ISC"]);
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let out = "The editor's libraries, bundled into prosemirror.js and codemirror.js.\n";
for (const [path, meta] of Object.entries(lock.packages)) {
  if (!path.startsWith("node_modules/") || meta.dev) continue;
  const dir = path;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!allowed.has(pkg.license)) throw new Error(`${pkg.name}: licence ${pkg.license} is not allowed`);
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${pkg.name}: no licence file`);
  out += `\n==== ${pkg.name} ${pkg.version} (${pkg.license}) ====\n\n`;
  out += readFileSync(join(dir, file), "utf8").trim() + "\n";
}
writeFileSync("LICENSES.txt", out);

// ProseMirror's own stylesheets (the view's white-space rules, the gap cursor).
writeFileSync(
  "prosemirror.css",
  ["prosemirror-view/style/prosemirror.css", "prosemirror-gapcursor/style/gapcursor.css"]
    .map((f) => `/* ${f} */\n` + readFileSync(join("node_modules", f), "utf8"))
    .join("\n"),
);
