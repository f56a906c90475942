// Render CSL-JSON items with citeproc-js, one item at a time, and report what it said.
//
// Usage: node render_citeproc_js.js ITEMS.json STYLE.csl LOCALE.xml [html|text]
// Prints one JSON object: {"version", "engine", "styleWarnings": [...], "results":
// [{"id", "bibliography", "citation", "errors": [...], "warnings": [...]}, ...]}, the
// results in the order of the items.
//
// Items are rendered one by one in a single process, so a throw or a console warning
// is tied to the item that caused it while the engine (and node) start only once.
"use strict";

const fs = require("fs");
const CSL = require("citeproc");

const [itemsPath, stylePath, localePath, format = "html"] = process.argv.slice(2);
const styleXml = fs.readFileSync(stylePath, "utf8");
const localeXml = fs.readFileSync(localePath, "utf8");
const items = JSON.parse(fs.readFileSync(itemsPath, "utf8"));
const byId = new Map(items.map((item) => [item.id, item]));

// citeproc-js reports data problems it does not throw for through CSL.debug, which
// prints with console.log; every console channel is captured so nothing is lost.
let said = [];
const capture = (...args) => said.push(args.map(String).join(" "));
for (const name of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[name] = capture;
}
CSL.debug = capture;

const sys = {
  // Only en-US is given: citeproc-js asks for it (forced below) and falls back to it.
  retrieveLocale: (lang) => (lang === "en-US" ? localeXml : undefined),
  // A deep copy, as citeproc-js may change what it is given.
  retrieveItem: (id) => JSON.parse(JSON.stringify(byId.get(id))),
};

function newEngine() {
  const engine = new CSL.Engine(sys, styleXml, "en-US", true);
  engine.setOutputFormat(format);
  return engine;
}

// What an entry says besides its number: a numeric style's `1.` alone is an empty entry.
function content(text) {
  return String(text)
    .replace(/<div class="csl-left-margin">[^<]*<\/div>/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z#0-9]+;/gi, "x")
    .trim();
}

// A tag that reached the reader as text: markup the consumer did not take as markup.
const SHOWN_TAG =
  /<\/?(?:i|b|em|strong|sup|sub|sc|span|italic|bold)(?:\s+[a-z-]+="[^"]*")*\s*\/?>/i;

const NAMED = { lt: "<", gt: ">", quot: '"', amp: "&" };

// The text a reader sees; one pass, so an escaped `&amp;lt;` stays `&lt;`.
function visible(html) {
  return String(html)
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|lt|gt|quot|amp);/g, (_, name) => NAMED[name] ?? String.fromCharCode(Number(name.slice(1))));
}

function message(exc) {
  return exc && exc.message ? exc.message : String(exc);
}

let engine = newEngine();
// Said while the style and locale loaded: not about any item, reported on its own.
const styleWarnings = said;
const results = [];
for (const item of items) {
  const result = { id: item.id, bibliography: "", citation: "", errors: [], warnings: [] };
  said = [];
  try {
    engine.updateItems([item.id]);
    const [meta, entries] = engine.makeBibliography();
    if (meta.bibliography_errors && meta.bibliography_errors.length) {
      for (const error of meta.bibliography_errors) {
        result.errors.push(`bibliography error: ${JSON.stringify(error)}`);
      }
    }
    result.bibliography = entries.join("").trim();
    if (!content(result.bibliography)) {
      result.errors.push("the bibliography entry is empty");
    }
    const shown = format === "html" && visible(result.bibliography).match(SHOWN_TAG);
    if (shown) {
      result.errors.push(`markup shown as text: ${shown[0]}`);
    }
    result.citation = engine.makeCitationCluster([{ id: item.id }]);
    if (!content(result.citation)) {
      result.errors.push("the citation is empty");
    }
  } catch (exc) {
    result.errors.push(`threw: ${message(exc)}`);
    // A throw can leave the engine half-way through an item: start afresh.
    engine = newEngine();
  }
  result.warnings = said;
  results.push(result);
}

const version = require("citeproc/package.json").version;
process.stdout.write(JSON.stringify({ version, engine: CSL.PROCESSOR_VERSION, styleWarnings, results }));
