// Builds ../static/js/ from the packages pinned in package-lock.json (run: npm ci && npm run build,
// or `make frontend` at the top): the files it writes are committed, so running the site needs
// neither Node nor a CDN.
//
//   editor.js              src/editor.js and CodeMirror 6, one minified ES2019 IIFE
//   editor.js.LICENSE.txt  the name, version and licence text of every package in editor.js
//   htmx.min.js            node_modules/htmx.org/dist/htmx.min.js, byte for byte
//   htmx.min.js.LICENSE.txt  htmx's licence (0BSD; its .min.js carries no header of its own)
//
// The output depends only on the locked packages, so a rebuild gives the same bytes.

import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "..", "static", "js");
const modules = path.join(here, "node_modules");

async function packageInfo(dir) {
  const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  const names = (await readdir(dir)).filter((n) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(n));
  if (!names.length) throw new Error(`${manifest.name}: no licence file in ${dir}`);
  const text = (await readFile(path.join(dir, names[0]), "utf8")).trim();
  return { name: manifest.name, version: manifest.version, license: manifest.license, text };
}

// The package directory an esbuild input path lies in (node_modules/@scope/name/... or
// node_modules/name/...), or null for the project's own sources.
function packageDir(input) {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  const length = parts[at + 1].startsWith("@") ? 3 : 2;
  return path.join(here, ...parts.slice(0, at + length));
}

function licenseFile(packages) {
  const sections = packages.map(
    (p) => `${p.name} ${p.version} (${p.license})\n${"-".repeat(40)}\n${p.text}\n`,
  );
  return sections.join("\n");
}

async function buildEditor() {
  const result = await build({
    entryPoints: [path.join(here, "src", "editor.js")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2019",
    minify: true,
    legalComments: "none", // the licences go to editor.js.LICENSE.txt
    sourcemap: false,
    charset: "ascii",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  const dirs = new Set();
  for (const input of Object.keys(result.metafile.inputs)) {
    const dir = packageDir(input);
    if (dir) dirs.add(dir);
  }
  const packages = await Promise.all([...dirs].map(packageInfo));
  packages.sort((a, b) => a.name.localeCompare(b.name));
  const notMit = packages.filter((p) => p.license !== "MIT");
  if (notMit.length) {
    // The header below says MIT: look at any other licence before changing it.
    throw new Error(`not MIT: ${notMit.map((p) => `${p.name} (${p.license})`).join(", ")}`);
  }
  const header =
    "/*! Proctor code editor: frontend/src/editor.js bundled by frontend/build.mjs with" +
    ` ${packages.map((p) => `${p.name}@${p.version}`).join(", ")}` +
    " (all MIT licensed; copyright notices and licence texts: editor.js.LICENSE.txt) */\n";
  const code = result.outputFiles[0].text;
  if (/sourceMappingURL|\bimport\(|XMLHttpRequest|\bfetch\(/.test(code)) {
    throw new Error("editor.js must not load anything at run time (nor name a source map)");
  }
  await writeFile(path.join(out, "editor.js"), header + code);
  await writeFile(
    path.join(out, "editor.js.LICENSE.txt"),
    "Third-party software bundled in editor.js\n\n" + licenseFile(packages),
  );
  return packages;
}

async function copyHtmx() {
  const dir = path.join(modules, "htmx.org");
  const info = await packageInfo(dir);
  const source = await readFile(path.join(dir, "dist", "htmx.min.js"));
  await writeFile(path.join(out, "htmx.min.js"), source);
  const sha = createHash("sha256").update(source).digest("hex");
  await writeFile(
    path.join(out, "htmx.min.js.LICENSE.txt"),
    `htmx.min.js is ${info.name} ${info.version}, dist/htmx.min.js, unchanged` +
      ` (sha256 ${sha}).\n\n` +
      licenseFile([info]),
  );
  return info;
}

await mkdir(out, { recursive: true });
const bundled = await buildEditor();
const htmx = await copyHtmx();
for (const name of ["editor.js", "editor.js.LICENSE.txt", "htmx.min.js", "htmx.min.js.LICENSE.txt"]) {
  const { size } = await stat(path.join(out, name));
  console.log(`static/js/${name.padEnd(24)} ${(size / 1024).toFixed(1).padStart(6)} KiB`);
}
console.log(`editor.js bundles ${bundled.map((p) => `${p.name}@${p.version}`).join(" ")}`);
console.log(`htmx.min.js is ${htmx.name}@${htmx.version}`);
