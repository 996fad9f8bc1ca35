// oracle-kb search, loaded when the reader opens Material's search box (see partials/search.html).
// Queries Pagefind's chunked index and renders the results in Material's own markup (md-search-result__*),
// with Material's keys: arrows move through the results, Enter opens the first one, Escape closes the box.

const ROOT = new URL("../../", import.meta.url) // assets/oracle-kb/search.js -> the site's root
const BATCH = 6 // results rendered at once (each fetches its page's fragment); more while the list does not scroll
const SECTIONS = 3 // matching sections shown under a page
const FALLBACK = {
  "search.result.placeholder": "Type to start searching",
  "search.result.none": "No matching documents",
  "search.result.one": "1 matching document",
  "search.result.other": "# matching documents",
  "search.result.more.one": "1 more on this page",
  "search.result.more.other": "# more on this page",
}
const UNAVAILABLE = "Search is not available: the search index did not load."

let engine = null
let attempts = 0

// Pagefind, loaded once; after a failure (say, `mkdocs serve` was rebuilding the site) the next query tries
// again, under a new URL since a failed import is remembered by its URL.
function pagefind() {
  if (!engine) {
    const retry = attempts++ ? `?retry=${attempts}` : ""
    engine = import(new URL(`pagefind/pagefind.js${retry}`, ROOT).href).then(async (pf) => {
      await pf.options({ baseUrl: ROOT.pathname, excerptLength: 24 })
      await pf.init()
      return pf
    })
    engine.catch(() => (engine = null))
  }
  return engine
}

function translations() {
  try {
    return JSON.parse(document.getElementById("__config").textContent).translations || {}
  } catch {
    return {}
  }
}

function el(tag, cls) {
  const node = document.createElement(tag)
  if (cls) node.className = cls
  return node
}

// Pagefind's excerpt is text with <mark> around the matches: keep exactly that, nothing else.
function snippet(excerpt) {
  const tpl = document.createElement("template")
  tpl.innerHTML = excerpt || ""
  const p = el("p")
  for (const node of tpl.content.childNodes) {
    if (node.nodeName === "MARK") {
      p.append(el("mark"))
      p.lastChild.textContent = node.textContent
    } else {
      p.append(node.textContent)
    }
  }
  return p
}

function article(title, excerpt, tag, page) {
  const art = el("article", "md-search-result__article md-typeset")
  const head = el(page ? "h1" : "h2")
  head.textContent = title
  if (page) art.append(el("div", "md-search-result__icon md-icon"))
  art.append(head, snippet(excerpt))
  if (tag) {
    const tags = el("nav", "md-tags")
    tags.append(el("span", "md-tag"))
    tags.lastChild.textContent = tag
    art.append(tags)
  }
  return art
}

function link(url, child) {
  const a = el("a", "md-search-result__link")
  a.href = url
  a.tabIndex = -1
  a.append(child)
  return a
}

function item(data, t) {
  const li = el("li", "md-search-result__item")
  li.append(link(data.url, article(data.meta.title || data.url, data.excerpt, data.meta.tag, true)))
  const sections = (data.sub_results || []).filter((s) => s.anchor && s.url !== data.url).slice(0, SECTIONS)
  if (sections.length) {
    const more = el("details", "md-search-result__more")
    const summary = el("summary")
    summary.tabIndex = -1
    summary.append(el("div"))
    summary.lastChild.textContent = t(sections.length === 1 ? "search.result.more.one" : "search.result.more.other", sections.length)
    more.append(summary, ...sections.map((s) => link(s.url, article(s.title, s.excerpt, "", false))))
    li.append(more)
  }
  return li
}

export function mount(box, toggle) {
  const input = box.querySelector(".md-search__input")
  const meta = box.querySelector(".md-search-result__meta")
  const list = box.querySelector(".md-search-result__list")
  const scroll = box.querySelector(".md-search__scrollwrap")
  const strings = translations()
  const t = (key, n) => (strings[key] || FALLBACK[key]).replace("#", n)
  let run = 0 // the latest query; answers to older ones are dropped
  let rest = [] // results of the latest query not rendered yet
  let loading = 0 // the query whose next results are being fetched
  let timer

  async function render(mine) {
    if (mine !== run || loading === mine || !rest.length) return
    loading = mine
    const batch = rest.splice(0, BATCH)
    let data
    try {
      data = await Promise.all(batch.map((r) => r.data()))
    } catch {
      meta.textContent = UNAVAILABLE
      return
    } finally {
      if (loading === mine) loading = 0
    }
    if (mine !== run) return
    list.append(...data.map((d) => item(d, t)))
    if (scroll.scrollHeight <= scroll.clientHeight + 64) render(mine) // fill the box, then load on scroll
  }

  async function search(query) {
    const mine = ++run
    rest = []
    if (!query.trim()) {
      list.replaceChildren()
      meta.textContent = t("search.result.placeholder")
      return
    }
    let found
    try {
      found = await (await pagefind()).search(query)
    } catch {
      meta.textContent = UNAVAILABLE
      return
    }
    if (mine !== run) return
    const n = found.results.length
    rest = found.results
    list.replaceChildren()
    meta.textContent = n === 0 ? t("search.result.none") : n === 1 ? t("search.result.one") : t("search.result.other", n)
    await render(mine)
  }

  function close() {
    toggle.checked = false
    input.blur()
  }

  function keys(e) {
    if (!toggle.checked || e.ctrlKey || e.metaKey || e.isComposing) return
    const active = document.activeElement
    switch (e.key) {
      case "Enter": // on the query: open the best result; on a result, the browser follows it
        if (active === input) {
          e.preventDefault()
          list.querySelector(".md-search-result__link")?.click()
        }
        break
      case "Escape":
      case "Tab":
        close()
        break
      case "ArrowUp":
      case "ArrowDown": {
        const els = [input, ...list.querySelectorAll(":not(details) > [href], summary, details[open] [href]")]
        const step = e.key === "ArrowUp" ? -1 : 1
        els[(Math.max(0, els.indexOf(active)) + els.length + step) % els.length].focus()
        e.preventDefault()
        break
      }
      default:
        if (active !== input && e.key.length === 1) input.focus()
    }
  }

  meta.textContent = t("search.result.placeholder")
  pagefind().catch(() => (meta.textContent = UNAVAILABLE))
  input.addEventListener("input", () => {
    clearTimeout(timer)
    timer = setTimeout(() => search(input.value), 100)
  })
  input.form.addEventListener("submit", (e) => e.preventDefault())
  input.form.addEventListener("reset", () =>
    setTimeout(() => {
      search("")
      input.focus()
    }),
  )
  scroll.addEventListener("scroll", () => {
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 64) render(run)
  })
  list.addEventListener("click", (e) => e.target.closest("a") && close()) // as Material: a followed result closes the box
  toggle.addEventListener("change", () => toggle.checked || input.blur())
  document.addEventListener("keydown", keys)
  if (input.value) search(input.value) // typed while this script was loading
}
