// The query editor: CodeMirror 6 over the plain form of /sparql.  Without this script
// the form works as it is; with it, the textarea becomes an editor with SPARQL
// highlighting and completion, Ctrl/Cmd+Enter runs the query in place, the query is
// kept in the URL and the history, and a fault is marked at its line and column.
// The editor lives in a shadow root: CodeMirror's styles then go into an adopted style
// sheet there, which the page's policy (style-src 'self', no inline style) allows.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorSelection, EditorState, Prec } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { completionSource } from "./complete.js";
import { pageRows, problemSection, rawView } from "./results.js";
import { loadVocabulary } from "./vocabulary.js";

const THEME = EditorView.theme({
  "&": { border: "1px solid #545454", fontSize: "14px", maxHeight: "28rem", background: "#fff" },
  "&.cm-focused": { outline: "3px solid #f2a900", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "ui-monospace, monospace", minHeight: "12rem" },
  ".cm-gutters": { background: "#eef2f6", color: "#545454", borderRight: "1px solid #c8c8c8" },
});

function mount(form) {
  const textarea = form.querySelector("textarea[name=query]");
  const outcome = document.getElementById("outcome");
  const format = form.querySelector("select[name=format]");
  const vocabulary = { prefixes: {}, terms: [] };
  const completions = autocompletion({
    override: [(context) => completionSource(vocabulary)(context)],
    activateOnTyping: true,
  });
  const run = () => {
    if (format && format.value !== "html") {
      form.submit();
      return true;
    }
    execute(view, outcome, true);
    return true;
  };
  const host = document.createElement("div");
  host.className = "query-editor";
  textarea.after(host);
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run }])),
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        completions,
        lintGutter(),
        StreamLanguage.define(sparql),
        syntaxHighlighting(defaultHighlightStyle),
        EditorView.lineWrapping,
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap]),
        EditorView.contentAttributes.of({ "aria-label": "SPARQL query (Ctrl+Enter runs it)" }),
        THEME,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.hidden = true;
  form.querySelector("label[for=query]")?.addEventListener("click", () => view.focus());
  document.getElementById("run-hint")?.removeAttribute("hidden");
  form.addEventListener("submit", (event) => {
    if (format && format.value !== "html") return;
    event.preventDefault();
    execute(view, outcome, true);
  });
  window.addEventListener("popstate", () => {
    const query = new URLSearchParams(location.search).get("query");
    if (query === null) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: query } });
    execute(view, outcome, false);
  });
  enhance(view, outcome);
  loadVocabulary()
    .then((loaded) => {
      Object.assign(vocabulary, loaded);
      form.dataset.vocabulary = "ready";
    })
    .catch(() => {}); // without the vocabulary the editor still edits and runs
  form.dataset.ready = "true";
  performance.mark("editor-ready"); // what the editor benchmark times
}

async function execute(view, outcome, remember) {
  const query = view.state.doc.toString();
  const url = "/sparql?" + new URLSearchParams({ query }).toString();
  outcome.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    const type = response.headers.get("Content-Type") || "";
    if (type.includes("json")) {
      outcome.replaceChildren(problemSection(await response.json()));
    } else {
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("outcome");
      outcome.replaceChildren(...(fresh ? Array.from(fresh.childNodes) : []));
    }
    if (remember && location.pathname + location.search !== url) window.history.pushState({ query }, "", url);
    document.getElementById("permalink")?.setAttribute("href", url);
  } catch (error) {
    outcome.replaceChildren(problemSection({ title: "The query could not be sent", detail: String(error) }));
  } finally {
    outcome.removeAttribute("aria-busy");
  }
  enhance(view, outcome);
}

/** Pages, raw view and the fault's mark for what ``outcome`` holds now. */
function enhance(view, outcome) {
  const table = outcome.querySelector("table#results");
  if (table) pageRows(table);
  const section = outcome.querySelector("section.results");
  if (section) rawView(section);
  const problem = outcome.querySelector("section.problem[data-line]");
  view.dispatch(setDiagnostics(view.state, problem ? [diagnostic(view.state, problem)] : []));
  if (problem) {
    const at = position(view.state, problem);
    view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
  }
}

function position(state, problem) {
  const lineNumber = Math.min(Math.max(1, Number(problem.dataset.line)), state.doc.lines);
  const line = state.doc.line(lineNumber);
  return Math.min(line.from + Math.max(0, Number(problem.dataset.column || 1) - 1), line.to);
}

/** The fault as a diagnostic over one character (the one before it at a line's end). */
function diagnostic(state, problem) {
  let from = position(state, problem);
  const line = state.doc.lineAt(from);
  if (from === line.to && from > line.from) from -= 1;
  const message = problem.querySelector("p")?.textContent || "error";
  return { from, to: Math.min(from + 1, line.to), severity: "error", message };
}

const form = document.querySelector("form.editor");
if (form) mount(form);
