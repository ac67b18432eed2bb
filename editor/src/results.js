// The outcome of a run as the server renders it (the same table as without script),
// made easier to read: rows in pages, the raw answer on demand, the fault's position.

const PAGE_ROWS = 50;

/** Show the rows of ``table`` one page at a time, with a pager after it. */
export function pageRows(table) {
  const rows = Array.from(table.tBodies[0]?.rows || []);
  if (rows.length <= PAGE_ROWS) return;
  const pages = Math.ceil(rows.length / PAGE_ROWS);
  const nav = document.createElement("nav");
  nav.className = "pages";
  nav.setAttribute("aria-label", "Result pages");
  const previous = button("Previous", "page-prev");
  const next = button("Next", "page-next");
  const status = document.createElement("span");
  status.id = "page-status";
  status.setAttribute("aria-live", "polite");
  nav.append(previous, " ", status, " ", next);
  table.closest(".table-wrap")?.after(nav) ?? table.after(nav);
  let current = 0;
  const show = (page) => {
    current = Math.max(0, Math.min(pages - 1, page));
    rows.forEach((row, i) => {
      row.hidden = Math.floor(i / PAGE_ROWS) !== current;
    });
    const first = current * PAGE_ROWS;
    status.textContent = `Rows ${first + 1}–${Math.min(first + PAGE_ROWS, rows.length)} of ${rows.length}`;
    previous.disabled = current === 0;
    next.disabled = current === pages - 1;
  };
  previous.addEventListener("click", () => show(current - 1));
  next.addEventListener("click", () => show(current + 1));
  show(0);
}

/** A "raw answer" toggle that fetches the answer in ``url`` and shows it as text. */
export function rawView(section) {
  const url = section.dataset.raw;
  if (!url) return;
  const toggle = button("Show the raw answer", "raw-toggle");
  toggle.setAttribute("aria-expanded", "false");
  const pre = document.createElement("pre");
  pre.id = "raw";
  pre.hidden = true;
  toggle.addEventListener("click", async () => {
    const open = pre.hidden;
    if (open && !pre.textContent) {
      const response = await fetch(url);
      pre.textContent = await response.text();
    }
    pre.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide the raw answer" : "Show the raw answer";
  });
  section.querySelector(".links")?.after(toggle, pre);
}

/** The problem section for a problem document the server sent as JSON (a refusal
 *  the endpoint gives before any page is made). */
export function problemSection(problem) {
  const section = document.createElement("section");
  section.className = "problem";
  section.id = "problem";
  section.setAttribute("role", "alert");
  const title = document.createElement("h2");
  title.textContent = problem.title || "Error";
  const detail = document.createElement("p");
  detail.textContent = problem.detail || "";
  section.append(title, detail);
  if (problem.line) {
    section.dataset.line = problem.line;
    section.dataset.column = problem.column || 1;
    const where = document.createElement("p");
    where.className = "position";
    where.textContent = `Line ${problem.line}, column ${problem.column || 1}`;
    section.append(where);
  }
  return section;
}

function button(text, id) {
  const b = document.createElement("button");
  b.type = "button";
  b.id = id;
  b.textContent = text;
  return b;
}
