// The legalgraph workbench: YASGUI (served by this server, see the Makefile) set up for this store.
// Every request goes to this server only: the endpoint, the named queries, the autocompletion lists.
"use strict";

const LANG = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "fr";
const ENDPOINT = new URL("sparql", location.href).href;
const $ = (id) => document.getElementById(id);

// -- words -------------------------------------------------------------------------------------------------------

const T = {
  fr: {
    title: "legalgraph — atelier SPARQL",
    lead: "Les arrêtés des titres professionnels en graphe de connaissances. Choisissez une question ou écrivez " +
      "votre requête SPARQL ; le point d'accès est /sparql (protocole SPARQL 1.1), les préfixes lg:, eli:, " +
      "skos:, dcterms:… y sont déclarés.",
    gallery: "Questions",
    "help-title": "Aide",
    "help-run": "Ctrl+Entrée (ou ▶) exécute la requête de l'onglet ; une question ci-dessus s'ouvre dans un nouvel onglet.",
    "help-complete": "Ctrl+Espace complète : les préfixes après PREFIX, les classes après « a », les prédicats " +
      "ailleurs — tirés de ce graphe. Les préfixes de legalgraph n'ont pas besoin d'être déclarés.",
    "help-share": "Le bouton de partage de l'éditeur donne un lien qui contient la requête : l'ouvrir la rétablit et l'exécute.",
    "help-tabs": "Les onglets et leurs requêtes sont gardés dans ce navigateur ; l'historique liste les dernières requêtes exécutées.",
    "help-download": "Télécharger : CSV pour Excel (UTF-8 avec BOM, les accents passent), TSV et JSON (formats SPARQL 1.1).",
    "help-links": "Les IRI du graphe s'affichent par leur titre (et se trient par lui) et mènent à leur page /id/ ; « Légifrance » ouvre le texte officiel. " +
      "Les colonnes des fichiers sources et de leurs empreintes (paths, sha256…) s'affichent sur demande.",
    "help-chart": "Pas de vue graphique : la version de YASGUI servie ici (@zazuko/yasgui 4.6.2) n'en a pas (tableau et réponse brute seulement), et l'ancienne charge Google Charts depuis un CDN, ce que cette page s'interdit.",
    download: "Télécharger :",
    csv: "CSV (Excel)",
    labels: "Titres à la place des IRI",
    sources: "Chemins et empreintes des sources",
    history: "Historique",
    "history-empty": "Aucune requête exécutée pour l'instant.",
    "no-results": "Pas de résultats à télécharger : exécutez d'abord une requête.",
    "gallery-error": "Questions indisponibles : ",
    tab: "Requête",
    rows: (n) => `${n} ligne${n === 1 ? "" : "s"}`,
    boolean: (b) => (b ? "Oui" : "Non"),
    legifrance: "Légifrance",
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
      "novembre", "décembre"],
    kinds: { arrete: "l'arrêté", decret: "le décret", loi: "la loi", ordonnance: "l'ordonnance", circulaire: "la circulaire" },
    actPhrase: (kind, date) => `${kind} du ${date}`,
    article: (article, code) => `l'article ${article} du ${code}`,
    date: (d, month, y) => `${d === 1 ? "1er" : d} ${month} ${y}`,
  },
  en: {
    title: "legalgraph — SPARQL workbench",
    lead: "The arrêtés of the titres professionnels as a knowledge graph. Pick a question or write your own " +
      "SPARQL; the endpoint is /sparql (SPARQL 1.1 Protocol), with the prefixes lg:, eli:, skos:, dcterms:… declared.",
    gallery: "Questions",
    "help-title": "Help",
    "help-run": "Ctrl+Enter (or ▶) runs the tab's query; a question above opens in a new tab.",
    "help-complete": "Ctrl+Space completes: prefixes after PREFIX, classes after \"a\", predicates elsewhere — " +
      "from this graph. legalgraph's prefixes need no declaration.",
    "help-share": "The editor's share button gives a link holding the query: opening it restores and runs it.",
    "help-tabs": "Tabs and their queries are kept in this browser; the history lists the latest queries run.",
    "help-download": "Download: CSV for Excel (UTF-8 with a BOM, accents survive), TSV and JSON (SPARQL 1.1 formats).",
    "help-links": "The graph's IRIs show (and sort by) their title and lead to their /id/ page; \"Légifrance\" opens the official text. " +
      "The columns of source files and their hashes (paths, sha256…) are shown on demand.",
    "help-chart": "No chart view: the YASGUI served here (@zazuko/yasgui 4.6.2) has none (table and raw response only), and the older one loads Google Charts from a CDN, which this page does not allow.",
    download: "Download:",
    csv: "CSV (Excel)",
    labels: "Titles instead of IRIs",
    sources: "Source paths and hashes",
    history: "History",
    "history-empty": "No query run yet.",
    "no-results": "No results to download: run a query first.",
    "gallery-error": "Questions unavailable: ",
    tab: "Query",
    rows: (n) => `${n} row${n === 1 ? "" : "s"}`,
    boolean: (b) => (b ? "Yes" : "No"),
    legifrance: "Légifrance",
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December"],
    kinds: { arrete: "the arrêté", decret: "the décret", loi: "the loi", ordonnance: "the ordonnance", circulaire: "the circulaire" },
    actPhrase: (kind, date) => `${kind} of ${date}`,
    article: (article, code) => `article ${article} of the ${code}`,
    date: (d, month, y) => `${d} ${month} ${y}`,
  },
}[LANG];

// YASGUI's own labels that its configuration does not reach, put into French as they appear.
const YASGUI_FR = {
  "Add tab": "Nouvel onglet", "Add a new tab": "Ouvrir un nouvel onglet", "New Tab": "Nouvel onglet",
  "Rename Tab": "Renommer l'onglet", "Copy Tab": "Copier l'onglet", "Close Tab": "Fermer l'onglet",
  "Close tab": "Fermer l'onglet", "Close other tabs": "Fermer les autres onglets", "Undo close Tab": "Rouvrir l'onglet fermé",
  "Run query": "Exécuter la requête", "Share query": "Partager la requête", "Table": "Tableau", "Response": "Réponse",
  "Simple view": "Vue simple", "Ellipse": "Abréger", "Filter query results": "Filtrer les résultats",
  "Page size: ": "Lignes par page : ", "All": "Toutes", "Download result": "Télécharger le résultat",
  "Download Results": "Télécharger les résultats", "Search or add an endpoint": "Point d'accès SPARQL",
  "Clear endpoint": "Effacer le point d'accès", "Show all": "Tout afficher", "Shorten": "Raccourcir",
  "Download not supported": "Téléchargement indisponible", "Endpoint is down": "Le point d'accès ne répond pas",
  "Incorrect endpoint URL": "Adresse du point d'accès incorrecte",
  "Unable to get response from endpoint. Possible reasons:": "Le point d'accès n'a pas répondu. Raisons possibles :",
  "Try query in a new browser window": "Essayer la requête dans une nouvelle fenêtre",
  "Press CTRL - <spacebar> to autocomplete": "Ctrl+Espace pour compléter", "True": "Vrai", "False": "Faux",
};

const DATATABLES = {
  fr: {
    emptyTable: "Aucune ligne", info: "Lignes _START_ à _END_ sur _TOTAL_", infoEmpty: "Aucune ligne",
    infoFiltered: "(filtrées parmi _MAX_)", zeroRecords: "Aucune ligne ne correspond",
    lengthMenu: "_MENU_ lignes par page", search: "Filtrer :",
  },
  en: {},
}[LANG];

const YASGUI_FR_PATTERNS = [
  [/^(\d+) results? in ([\d.]+) seconds?$/, (n, s) => `${n} résultat${n === "1" ? "" : "s"} en ${s.replace(".", ",")} s`],
  [/^Response in ([\d.]+) seconds?$/, (s) => `Réponse en ${s.replace(".", ",")} s`],
];

function frenchText(text) {
  if (YASGUI_FR[text]) return YASGUI_FR[text];
  for (const [pattern, fr] of YASGUI_FR_PATTERNS) {
    const m = pattern.exec(text);
    if (m) return fr(...m.slice(1));
  }
  return null;
}

function translate(root) {
  if (LANG !== "fr" || !root || !root.querySelectorAll) return;
  // Never inside an answer or the editor: a result "All" or "Table" is data.
  const data = (node) => node.parentElement && node.parentElement.closest("td, pre, .CodeMirror, .CodeMirror-hints");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (data(node) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const fr = frenchText(node.nodeValue);
    if (fr) node.nodeValue = fr;
  }
  for (const el of root.querySelectorAll("[title], [placeholder], [aria-label]")) {
    for (const attr of ["title", "placeholder", "aria-label"]) {
      const fr = YASGUI_FR[el.getAttribute(attr)];
      if (fr) el.setAttribute(attr, fr);
    }
  }
}

// -- terms -------------------------------------------------------------------------------------------------------

let PREFIXES = {};
let ID_BASE = "";
const labels = new Map(); // IRI → {label, legifrance} | null (looked up, none)

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const isHttp = (iri) => /^https?:\/\//i.test(iri);
const safeIri = (iri) => isHttp(iri) && !/[\s<>"{}|\\^`]/.test(iri); // usable inside <…> in a query

function shorten(iri) {
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
  }
  return iri;
}

function isOwn(iri) {
  return ID_BASE && iri.startsWith(ID_BASE) && iri.length > ID_BASE.length;
}

function pageOf(iri) {
  // The server answers the graph's own IRIs at id/…; a fragment (#selector) names part of its page.
  const rest = iri.slice(ID_BASE.length).split("#")[0];
  return "id/" + rest.split("/").map((s) => encodeURIComponent(decodeURIComponent(s))).join("/");
}

function link(href, text, cls) {
  // Only http(s) IRIs and this server's own pages become links: a javascript: IRI never runs when clicked.
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer"${cls ? ` class="${cls}"` : ""}` +
    ` title="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

function iriText(iri) {
  // What a cell shows of an IRI: its title (the graph's own IRIs, when titles are on), else its short form.
  const known = labels.get(iri);
  return isOwn(iri) && $("show-labels").checked && known && known.label ? known.label : shorten(iri);
}

function iriHtml(iri) {
  const known = labels.get(iri);
  const text = iriText(iri);
  if (isOwn(iri)) {
    const extra = known && known.legifrance && isHttp(known.legifrance)
      ? " " + link(known.legifrance, T.legifrance, "lg-legifrance") : "";
    return link(pageOf(iri), text) + extra;
  }
  if (isHttp(iri)) return link(iri, text);
  return escapeHtml(text);
}

function sparqlTerm(term) {
  const quote = (s) => '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r") + '"';
  if (term.type === "uri") return `<${term.value}>`;
  if (term.type === "bnode") return `_:${term.value}`;
  if (term["xml:lang"]) return quote(term.value) + "@" + term["xml:lang"];
  if (term.datatype && term.datatype !== "http://www.w3.org/2001/XMLSchema#string") return quote(term.value) + `^^<${term.datatype}>`;
  return quote(term.value);
}

async function select(query) {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()).results.bindings;
}

// Titles and Légifrance links of the graph's IRIs in an answer, looked up once each, in one query.
async function lookUpLabels(bindings) {
  const wanted = new Set();
  for (const row of bindings) {
    for (const term of Object.values(row)) {
      if (term.type === "uri" && isOwn(term.value) && safeIri(term.value) && !labels.has(term.value)) wanted.add(term.value);
      if (wanted.size >= 500) break;
    }
  }
  if (!wanted.size) return false;
  const values = [...wanted].map((iri) => `<${iri}>`).join(" ");
  const rows = await select(`SELECT ?s (SAMPLE(COALESCE(?pl, ?rl)) AS ?label) (SAMPLE(?lf) AS ?legifrance) WHERE {
  VALUES ?s { ${values} }
  OPTIONAL { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?pl }
  OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?rl }
  OPTIONAL { ?s <${PREFIXES.lg}legifranceUrl> ?lf }
} GROUP BY ?s`);
  for (const iri of wanted) labels.set(iri, null);
  for (const row of rows) {
    if (row.label || row.legifrance) {
      labels.set(row.s.value, { label: row.label && row.label.value, legifrance: row.legifrance && row.legifrance.value });
    }
  }
  return true;
}

// -- YASGUI set up -----------------------------------------------------------------------------------------------

const SOURCE_COLUMNS = /^(paths?|sources?|sourcePath|sourceKey|sha256|hash)$/i;

function setUpTable() {
  const Base = Yasgui.Yasr.plugins.table;
  Base.defaults.tableConfig.language = { ...Base.defaults.tableConfig.language, ...DATATABLES };
  class Table extends Base {
    getCellContent(term) {
      const html = term.type === "uri" ? iriHtml(term.value) : escapeHtml(term.value);
      return `<div><span${term.type === "uri" ? "" : " class='nonIri'"}>${html}</span></div>`;
    }
    getColumns() {
      // Where a row comes from (source files, their hashes) is shown on demand: titles and links come first.
      const sources = $("show-sources").checked;
      // An IRI sorts by what its cell shows (a title, not the IRI under the link); the filter finds either.
      return super.getColumns().map((c) => {
        const render = c.render;
        const column = c.name ? { ...c, render: (data, type, ...rest) => {
          if (!data || data.type !== "uri") return render(data, type, ...rest);
          if (type === "sort" || type === "type") return iriText(data.value);
          if (type === "filter") return iriText(data.value) + " " + data.value;
          return render(data, type, ...rest);
        } } : c;
        return SOURCE_COLUMNS.test(c.name || "") ? { ...column, visible: sources } : column;
      });
    }
    download(name) {
      return { ...super.download(name), getData: () => csv(this.yasr.results), contentType: "text/csv;charset=utf-8" };
    }
  }
  Table.defaults = Base.defaults;
  Yasgui.Yasr.registerPlugin("table", Table);
}

// The server declares legalgraph's prefixes for every query: the editor knows them too, so that it neither flags
// "lg:" as undeclared nor needs a PREFIX line to complete "lg:…".
function declarePrefixes() {
  const CodeMirror = Object.getPrototypeOf(Yasgui.Yasqe); // Yasqe extends CodeMirror
  const sparql = CodeMirror.modes.sparql11;
  CodeMirror.defineMode("sparql11", (config, options) => {
    const mode = sparql(config, options);
    const startState = mode.startState;
    mode.startState = (...args) => Object.assign(startState(...args), { prefixes: { ...PREFIXES } });
    return mode;
  });
}

// The completion lists come from this store (and legalgraph's prefixes), never from prefix.cc or LOV.
function setUpCompletion() {
  const Yasqe = Yasgui.Yasqe;
  const fromStore = (query) => () => select(query).then((rows) => rows.map((r) => r.t.value).filter(isHttp), () => []);
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.prefixes,
    get: () => Object.entries(PREFIXES).map(([p, ns]) => `${p}: <${ns}>`).sort(),
    persistenceId: undefined,
  });
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.property,
    bulk: true,
    persistenceId: undefined,
    get: fromStore("SELECT DISTINCT ?t WHERE { ?s ?t ?o } LIMIT 5000"),
  });
  Yasqe.registerAutocompleter({
    ...Yasqe.Autocompleters.class,
    bulk: true,
    persistenceId: undefined,
    get: fromStore("SELECT DISTINCT ?t WHERE { ?s a ?t } LIMIT 5000"),
  });
}

function prologue(text) {
  // The PREFIX lines a query text uses: the server declares them anyway, but a shared or copied query stands alone.
  return Object.entries(PREFIXES)
    .filter(([p]) => new RegExp(`(^|[\\s(/^|,;{])${p}:`).test(text) && !new RegExp(`PREFIX\\s+${p}:`, "i").test(text))
    .map(([p, ns]) => `PREFIX ${p}: <${ns}>\n`).join("");
}

const DEFAULT_QUERY = {
  fr: `# Les actes du graphe, les plus récents d'abord : titre et lien Légifrance
SELECT ?acte ?date ?titre ?legifrance WHERE {
  ?acte a eli:LegalResource ; skos:prefLabel ?titre .
  OPTIONAL { ?acte eli:date_document ?date }
  OPTIONAL { ?acte lg:legifranceUrl ?legifrance }
}
ORDER BY DESC(?date)
LIMIT 50
`,
  en: `# The graph's acts, latest first: title and Légifrance link
SELECT ?act ?date ?title ?legifrance WHERE {
  ?act a eli:LegalResource ; skos:prefLabel ?title .
  OPTIONAL { ?act eli:date_document ?date }
  OPTIONAL { ?act lg:legifranceUrl ?legifrance }
}
ORDER BY DESC(?date)
LIMIT 50
`,
}[LANG];

let yasgui;

function startYasgui() {
  setUpTable();
  setUpCompletion();
  declarePrefixes();
  yasgui = new Yasgui($("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST", acceptHeaderGraph: "text/turtle,*/*;q=0.9" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    persistenceId: "legalgraph-workbench",
    tabName: T.tab,
    yasqe: { value: DEFAULT_QUERY, editorHeight: "240px", autocompleters: ["variables", "prefixes", "property", "class"] },
    yasr: { prefixes: PREFIXES, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });
  // A tab kept from another server (or an older port) still points at that endpoint: this page asks this one only.
  for (const id of Object.keys(yasgui._tabs)) {
    const tab = yasgui.getTab(id);
    if (tab.getEndpoint() !== ENDPOINT) tab.setEndpoint(ENDPOINT);
  }
  yasgui.on("queryBefore", () => {
    $("status").textContent = "";
    delete $("status").dataset.done;
  });
  yasgui.on("queryResponse", (_y, tab) => answered(tab).finally(() => ($("status").dataset.done = "true")));
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") translate(r.target.parentNode);
      for (const n of r.addedNodes) translate(n.nodeType === 1 ? n : n.parentNode);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  translate(document.body);
}

async function answered(tab) {
  // YASGUI tells of the response before it hands it to its result view: read it once that is done.
  await new Promise((resolve) => setTimeout(resolve));
  const yasr = tab.getYasr();
  const results = yasr.results;
  remember(tab.getQuery());
  if (!results || results.getError()) {
    $("status").textContent = "";
    return;
  }
  const bindings = results.getBindings && results.getBindings();
  const json = results.getAsJson && results.getAsJson();
  $("status").textContent = bindings ? T.rows(bindings.length) : json && "boolean" in json ? T.boolean(json.boolean) : "";
  if (bindings && (await lookUpLabels(bindings).catch(() => false))) yasr.refresh();
}

// -- downloads ---------------------------------------------------------------------------------------------------

function csv(results) {
  // SPARQL 1.1 CSV, with a byte order mark: without it Excel reads UTF-8 as Windows-1252 ("Ã©").
  const vars = results.getVariables();
  const field = (s) => (/[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  const lines = [vars.map(field).join(",")];
  for (const row of results.getBindings()) lines.push(vars.map((v) => field(row[v] ? row[v].value : "")).join(","));
  return "\ufeff" + lines.join("\r\n") + "\r\n";
}

function tsv(results) {
  const vars = results.getVariables();
  const lines = [vars.map((v) => "?" + v).join("\t")];
  for (const row of results.getBindings()) {
    lines.push(vars.map((v) => (row[v] ? sparqlTerm(row[v]).replace(/\t/g, "\\t") : "")).join("\t"));
  }
  return lines.join("\n") + "\n";
}

function save(kind) {
  const tab = yasgui.getTab();
  const results = tab && tab.getYasr().results;
  const json = results && !results.getError() && results.getAsJson();
  if (!json || !json.head) {
    $("status").textContent = T["no-results"];
    return;
  }
  const bindings = Boolean(json.results);
  const [data, type] = {
    csv: () => [bindings ? csv(results) : "\ufeff" + String(json.boolean) + "\r\n", "text/csv;charset=utf-8"],
    tsv: () => [bindings ? tsv(results) : String(json.boolean) + "\n", "text/tab-separated-values;charset=utf-8"],
    json: () => [JSON.stringify(json, null, 2), "application/sparql-results+json"],
  }[kind]();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([data], { type }));
  const slug = tab.getName().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^\w]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "resultats";
  a.download = `legalgraph-${slug}.${kind}`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// -- history -----------------------------------------------------------------------------------------------------

const HISTORY = "legalgraph-history";

function history() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY)) || [];
  } catch {
    return [];
  }
}

function remember(query) {
  const list = [{ query, at: new Date().toISOString() }, ...history().filter((h) => h.query !== query)].slice(0, 50);
  try {
    localStorage.setItem(HISTORY, JSON.stringify(list));
  } catch {
    // storage full or refused: the history is a convenience
  }
  drawHistory();
}

function drawHistory() {
  const list = history();
  $("history-list").replaceChildren();
  if (!list.length) {
    const li = document.createElement("li");
    li.textContent = T["history-empty"];
    $("history-list").appendChild(li);
  }
  for (const h of list) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.title = h.query;
    button.textContent = h.query.split("\n").find((l) => l.trim() && !/^\s*(#|PREFIX\b)/i.test(l)) || h.query;
    button.addEventListener("click", () => openTab(T.tab, h.query, false));
    const when = document.createElement("small");
    when.textContent = new Date(h.at).toLocaleString(LANG === "fr" ? "fr-FR" : "en-GB");
    li.append(button, when);
    $("history-list").appendChild(li);
  }
}

// -- gallery of questions ----------------------------------------------------------------------------------------

function frenchDate(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return T.date(d, T.months[m - 1], y);
}

function actPhrase(keyOrIri) {
  // arrete:2015-12-22 (a citation key) or …/id/act/arrete/2015-12-22/… (an act) → "l'arrêté du 22 décembre 2015".
  const m = /^([a-z]+):(\d{4}-\d{2}-\d{2})$/.exec(keyOrIri) || /\/act\/([a-z]+)\/(\d{4}-\d{2}-\d{2})\//.exec(keyOrIri);
  if (m && T.kinds[m[1]]) return T.actPhrase(T.kinds[m[1]], frenchDate(m[2]));
  const code = /^code:([^:]+):(.+)$/.exec(keyOrIri);
  if (code) return T.article(code[2], code[1]);
  return keyOrIri;
}

const XSD = "http://www.w3.org/2001/XMLSchema#";
const literal = (value, datatype) => ({ type: "literal", value, ...(datatype ? { datatype } : {}) });

// Each named query as a question, its parameter filled with a value this store holds (samples: SPARQL run on
// page load; show: how the value reads in the question). A named query not listed here shows its description.
const QUESTIONS = {
  "cited-by": {
    fr: (v) => `Quels textes citent ${v} ?`, en: (v) => `Which texts cite ${v}?`,
    sample: `SELECT ?value (COUNT(DISTINCT ?citing) AS ?n) WHERE { ?c lg:citationKey ?value ; lg:citingAct ?citing .
      FILTER(STRSTARTS(STR(?value), "arrete:")) } GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => actPhrase(row.value.value),
  },
  cites: {
    fr: (v) => `Quels textes cite ${v} ?`, en: (v) => `Which texts does ${v} cite?`,
    sample: `SELECT ?value (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c lg:citingAct ?value . ?value a eli:LegalResource }
      GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => actPhrase(row.value.value),
  },
  changes: {
    fr: (v) => `Qu'est-ce qui a modifié ${v}, et quand ?`, en: (v) => `What changed ${v}, and when?`,
    sample: `SELECT ?value (COUNT(?c) AS ?n) WHERE { ?c a lg:Change ; lg:changeOf ?value }
      GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => actPhrase(row.value.value),
  },
  lineage: {
    fr: (v) => `Quelles sont les versions du titre « ${v} » ?`, en: (v) => `What are the versions of the titre "${v}"?`,
    sample: `SELECT ?value (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?v) AS ?n) WHERE { ?m lg:nameKey ?value .
      ?v lg:versionOf ?m . OPTIONAL { ?v lg:titreName ?name } } GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => (row.label || row.value).value,
  },
  equivalences: {
    fr: (v) => `Quelles équivalences entre certificats le titre « ${v} » prévoit-il ?`,
    en: (v) => `Which certificates of the titre "${v}" count as which of a newer version?`,
    sample: `SELECT ?value (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?r) AS ?n) WHERE { ?m lg:nameKey ?value .
      ?v lg:versionOf ?m ; lg:hasEquivalence ?e . ?e lg:row ?r OPTIONAL { ?v lg:titreName ?name } }
      GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => (row.label || row.value).value,
  },
  "in-force-on": {
    fr: (v) => `Quels titres sont inscrits au répertoire national le ${v} ?`,
    en: (v) => `Which titres are registered in the répertoire national on ${v}?`,
    sample: `SELECT (MAX(?d) AS ?value) WHERE { ?a a eli:LegalResource ; eli:date_document ?d }`,
    show: (row) => frenchDate(row.value.value),
    term: (row) => literal(row.value.value.slice(0, 10), XSD + "date"),
  },
  "registrations-ending-before": {
    fr: (v) => `Quelles inscriptions au répertoire national prennent fin avant le ${v} ?`,
    en: (v) => `Which registrations in the répertoire national end before ${v}?`,
    sample: `SELECT (MAX(?d) AS ?value) WHERE { ?a a eli:LegalResource ; eli:date_document ?d }`,
    show: (row) => frenchDate(row.value.value),
    term: (row) => literal(row.value.value.slice(0, 10), XSD + "date"),
  },
  "titres-by-level": {
    fr: (v) => `Quels titres sont de niveau ${v} ?`, en: (v) => `Which titres are of level ${v}?`,
    sample: `SELECT ?value (COUNT(DISTINCT ?v) AS ?n) WHERE { ?v lg:levelCnc ?value ; lg:versionOf ?t }
      GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => row.value.value.split("/").pop(),
  },
  "titres-by-rome": {
    fr: (v) => `Quels titres mènent à la fiche ROME ${v} ?`, en: (v) => `Which titres lead to the ROME fiche ${v}?`,
    sample: `SELECT ?value (SAMPLE(?code) AS ?label) (COUNT(DISTINCT ?v) AS ?n) WHERE { ?v lg:rome ?value ; lg:versionOf ?t .
      OPTIONAL { ?value skos:notation ?code } } GROUP BY ?value ORDER BY DESC(?n) ?value LIMIT 1`,
    show: (row) => (row.label || row.value).value,
  },
  "registration-disagreements": {
    fr: () => "Quelles fins d'inscription diffèrent de la date d'échéance de leur fiche France Compétences ?",
    en: () => "Which registration ends differ from their France Compétences fiche's date d'échéance?",
    fixed: { days: literal("1", XSD + "integer") }, // "1 for every disagreement" (the query's own help)
  },
  conflicts: {
    fr: () => "Quels faits les copies d'un même acte énoncent-elles différemment ?",
    en: () => "Which facts do the copies of one act state differently?",
  },
  "lineage-candidates": {
    fr: () => "Quels titres portent un même nom sans qu'aucun texte ne les relie ?",
    en: () => "Which titres bear a common name that no text joins?",
  },
};

function namedQueryText(q, terms, question) {
  // The named query as a standalone query: its parameters substituted as the server does (SEP-0007, the same rule
  // as legalgraph.store.base.substitute), its "# order:" as ORDER BY (the server sorts named queries itself).
  let text = q.sparql;
  for (const [name, term] of Object.entries(terms)) text = text.replace(new RegExp(`[?$]${name}\\b`, "g"), () => sparqlTerm(term));
  const order = /^#\s*order\s*:\s*(.*)$/m.exec(text);
  const body = text.replace(/^#.*$/gm, "");
  if (order && !/\bORDER\s+BY\b/i.test(body)) {
    // Unbound values last, as the server sorts named queries (ORDER BY alone puts them first).
    const keys = order[1].trim().split(/\s+/).map((v) => `(!BOUND(${v})) ${v}`);
    text = text.trimEnd() + `\nORDER BY ${keys.join(" ")}\n`;
  }
  return `# ${question}\n` + prologue(text) + text;
}

function openTab(name, query, run = true) {
  const tab = yasgui.addTab(true, { name: name.length > 48 ? name.slice(0, 47) + "…" : name, yasqe: { value: query } });
  translate(document.body);
  if (run) tab.query().catch(() => {});
  return tab;
}

async function question(q) {
  const spec = QUESTIONS[q.name];
  if (!spec) return { text: q.description, terms: null }; // a query this page does not know: described, not run
  let terms = { ...(spec.fixed || {}) };
  let shown = "";
  if (spec.sample) {
    const rows = await select(spec.sample);
    if (!rows.length || !rows[0].value) return null; // the store holds nothing to ask about
    const param = q.params[0].name;
    terms[param] = spec.term ? spec.term(rows[0]) : rows[0].value;
    shown = spec.show(rows[0]);
  }
  return { text: spec[LANG](shown), terms };
}

async function drawGallery(named) {
  // In this page's order of questions; named queries it does not know come last.
  const rank = (q) => (q.name in QUESTIONS ? Object.keys(QUESTIONS).indexOf(q.name) : Infinity);
  named = [...named].sort((a, b) => rank(a) - rank(b));
  const items = await Promise.all(named.map((q) => question(q).catch(() => null)));
  named.forEach((q, i) => {
    const item = items[i];
    if (!item) return;
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.query = q.name;
    button.textContent = item.text;
    if (item.terms) {
      const query = namedQueryText(q, item.terms, item.text);
      button.addEventListener("click", () => openTab(item.text, query));
    } else {
      button.addEventListener("click", () => openTab(q.name, q.sparql, false));
    }
    const name = document.createElement("small");
    name.textContent = q.name;
    li.append(button, name);
    $("questions").appendChild(li);
  });
}

// -- start -------------------------------------------------------------------------------------------------------

async function start() {
  document.title = T.title;
  document.documentElement.lang = LANG;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = T[el.dataset.t];
  for (const lang of ["fr", "en"]) {
    const a = $("lang-" + lang);
    if (lang === LANG) a.setAttribute("aria-current", "true");
    // The switch keeps the query of a shared link (it is in the fragment) and every other parameter.
    a.addEventListener("click", (event) => {
      event.preventDefault();
      const url = new URL(location.href);
      url.searchParams.set("lang", lang);
      location.assign(url.href);
    });
  }
  const data = await (await fetch("queries")).json();
  PREFIXES = data.prefixes;
  ID_BASE = data.id_base || "";
  startYasgui();
  drawHistory();
  for (const kind of ["csv", "tsv", "json"]) $("download-" + kind).addEventListener("click", () => save(kind));
  for (const id of ["show-labels", "show-sources"]) {
    $(id).addEventListener("change", () => yasgui.getTab() && yasgui.getTab().getYasr().refresh());
  }
  try {
    await drawGallery(data.queries);
  } catch (err) {
    $("status").textContent = T["gallery-error"] + err;
  }
  document.body.dataset.ready = "true";
}

start().catch((err) => {
  $("status").textContent = String(err);
  $("status").classList.add("error");
});
