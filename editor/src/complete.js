// Autocompletion of prefixed names: the dataset's prefixes, classes and properties.
// Choosing a name whose prefix the query does not declare adds its PREFIX line on top.
import { compact } from "./vocabulary.js";

const DECLARED = /^\s*PREFIX\s+([A-Za-z][\w.-]*)?:/gim;

function declaredPrefixes(text) {
  const names = new Set();
  for (const match of text.matchAll(DECLARED)) names.add(match[1] || "");
  return names;
}

function withPrefix(label, prefix, namespace) {
  return (view, completion, from, to) => {
    const changes = [{ from, to, insert: label }];
    if (!declaredPrefixes(view.state.doc.toString()).has(prefix)) {
      changes.push({ from: 0, insert: `PREFIX ${prefix}: <${namespace}>\n` });
    }
    view.dispatch({ changes, userEvent: "input.complete" });
  };
}

/** A CodeMirror completion source over ``vocabulary`` ({prefixes, terms}). */
export function completionSource(vocabulary) {
  const { prefixes } = vocabulary;
  const options = [];
  for (const [name, ns] of Object.entries(prefixes)) {
    options.push({ label: `${name}:`, type: "namespace", detail: ns, apply: withPrefix(`${name}:`, name, ns) });
  }
  for (const term of vocabulary.terms) {
    const label = compact(term.iri, prefixes);
    if (!label) continue;
    const prefix = label.slice(0, label.indexOf(":"));
    options.push({
      label,
      type: term.kind === "class" ? "class" : "property",
      detail: term.kind,
      info: term.iri,
      apply: withPrefix(label, prefix, prefixes[prefix]),
      boost: 1,
    });
  }
  const declarations = Object.entries(prefixes).map(([name, ns]) => ({
    label: `${name}: <${ns}>`,
    type: "namespace",
  }));
  return (context) => {
    const word = context.matchBefore(/[A-Za-z][\w.-]*:?[\w.-]*/);
    const at = word ? word.from : context.pos;
    const line = context.state.doc.lineAt(at);
    if (/^\s*PREFIX\s+$/i.test(line.text.slice(0, at - line.from))) {
      // a PREFIX line: offer the dataset's declarations whole
      return { from: at, options: declarations, validFor: /^[\w.-]*:?$/ };
    }
    if (!word || (word.from === word.to && !context.explicit)) return null;
    return { from: word.from, options, validFor: /^[\w.-]*:?[\w.-]*$/ };
  };
}
