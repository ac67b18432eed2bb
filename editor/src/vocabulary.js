// What autocompletion offers: the dataset's prefixes (its JSON-LD context) and the
// classes and properties its VoID description lists (class and property partitions).

const PARTITIONS = `PREFIX void: <http://rdfs.org/ns/void#>
SELECT DISTINCT ?term ?kind WHERE {
  { ?partition void:class ?term BIND("class" AS ?kind) }
  UNION { ?partition void:property ?term BIND("property" AS ?kind) }
} ORDER BY ?term`;

async function json(url, accept) {
  const response = await fetch(url, { headers: { Accept: accept } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** The prefixes (name → namespace) and the terms ({iri, kind}) of the dataset. */
export async function loadVocabulary() {
  const [context, partitions] = await Promise.all([
    json("/context.jsonld", "application/ld+json"),
    json("/sparql?query=" + encodeURIComponent(PARTITIONS), "application/sparql-results+json"),
  ]);
  const prefixes = {};
  for (const [name, value] of Object.entries(context["@context"] || {})) {
    if (typeof value === "string" && !name.startsWith("@") && /^https?:/.test(value)) {
      prefixes[name] = value;
    }
  }
  const terms = partitions.results.bindings.map((b) => ({
    iri: b.term.value,
    kind: b.kind.value,
  }));
  return { prefixes, terms };
}

/** ``prefix:local`` for ``iri`` under the longest matching namespace, or null. */
export function compact(iri, prefixes) {
  let best = null;
  for (const [name, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) {
      best = [name, ns];
    }
  }
  if (!best) return null;
  const local = iri.slice(best[1].length);
  return /^[A-Za-z0-9_][\w.-]*$/.test(local) && !local.endsWith(".") ? `${best[0]}:${local}` : null;
}
