// What the back row cannot read on the screen as drawn: text under `min` px (chart text measured as
// rendered), faint text, text cut off by its box, chart labels drawn over each other, and the sidebar.
// Returns one line per finding. Used by tests/browser/test_wall.py.
(min) => {
  const found = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2) return false; // Streamlit's "skip to content" link is 1 px
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden') return false;
    }
    return true;
  };
  const opacity = (el) => {
    let value = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) value *= parseFloat(getComputedStyle(e).opacity);
    return value;
  };
  const cut = (el) => { // the text's box, or a near ancestor that hides overflow, is narrower than its content
    for (let e = el, depth = 0; e && depth < 4; e = e.parentElement, depth += 1) {
      const style = getComputedStyle(e);
      if ((style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis')
          && e.scrollWidth > e.clientWidth + 1) return true;
    }
    return false;
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, noscript, .hoverlayer, .modebar, [data-testid="stTooltipContent"], [data-stale="true"]')) continue;
    if (!shown(el)) continue;
    const alpha = opacity(el);
    if (alpha < 0.05) continue; // not drawn (a slider's end values until hovered)
    const text = node.textContent.trim().slice(0, 40);
    const inChart = el instanceof SVGElement;
    const matrix = inChart && el.getScreenCTM ? el.getScreenCTM() : null;
    const size = parseFloat(getComputedStyle(el).fontSize) * (matrix ? Math.hypot(matrix.a, matrix.b) : 1);
    if (size < min - 0.05) found.push(`small ${size.toFixed(1)} px: "${text}"`);
    if (alpha < 0.85) found.push(`faint ${alpha.toFixed(2)}: "${text}"`);
    if (!inChart && cut(el)) found.push(`cut: "${text}"`);
  }
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    if (plot.closest('[data-stale="true"]') || !shown(plot)) continue;
    const labels = [...plot.querySelectorAll('svg text')]
      .filter((t) => t.textContent.trim() && shown(t) && !t.closest('.hoverlayer'))
      .map((t) => ({text: t.textContent.trim().slice(0, 30), box: t.getBoundingClientRect()}));
    labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => {
      const across = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const down = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (across > 2 && down > 2) found.push(`overlap: "${a.text}" and "${b.text}"`);
    }));
  }
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (sidebar && shown(sidebar)) found.push('the sidebar is showing');
  return found;
}
