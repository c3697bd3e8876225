// The call graph webview's script: draws the layout the extension computed (boxes, edges) as SVG with DOM calls
// only (no innerHTML, so labels are never markup), pans and zooms, and asks the extension to open a clicked node.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = /** @type {SVGSVGElement} */ (document.getElementById('graph'));
  const title = /** @type {HTMLElement} */ (document.getElementById('title'));
  const message = /** @type {HTMLElement} */ (document.getElementById('message'));
  let view = { x: 0, y: 0, w: 100, h: 100 };

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    parent.appendChild(e);
    return e;
  }

  function setView() {
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
  }

  function render(data) {
    const { layout } = data;
    svg.replaceChildren();
    title.textContent = (data.direction === 'incoming' ? 'Who calls ' : 'Calls from ') + data.title;
    message.textContent = layout.omitted ? `${layout.omitted} more nodes are not drawn; narrow the tree (depth, filters) to see them.` : '';
    const byId = new Map(layout.boxes.map((b) => [b.id, b]));
    const edges = el('g', {}, svg);
    for (const e of layout.edges) {
      const a = byId.get(e.from);
      const b = byId.get(e.to);
      if (!a || !b) continue;
      const x1 = a.x + a.width, y1 = a.y + a.height / 2, x2 = b.x, y2 = b.y + b.height / 2, mid = (x1 + x2) / 2;
      el('path', { class: e.dynamic ? 'edge dynamic' : 'edge', d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }, edges);
    }
    const nodes = el('g', {}, svg);
    for (const b of layout.boxes) {
      const openable = b.kind !== 'external' && b.kind !== 'unresolved' ? ' openable' : '';
      const g = el('g', { class: `node ${b.kind}${b.id === '0' ? ' root' : ''}${openable}`, transform: `translate(${b.x},${b.y})`, tabindex: 0, role: 'button' }, nodes);
      el('rect', { width: b.width, height: b.height, rx: 5 }, g);
      const label = el('text', { class: 'label', x: 10, y: b.detail ? 15 : b.height / 2 + 4 }, g);
      label.textContent = b.label + (b.truncated ? ' …' : '');
      if (b.detail) el('text', { class: 'detail', x: 10, y: 29 }, g).textContent = b.detail;
      const tip = el('title', {}, g);
      tip.textContent = [b.label, b.kind, b.dynamic ? 'dynamic' : '', b.library ? 'library' : '', b.detail].filter(Boolean).join(' · ');
      const open = () => vscode.postMessage({ type: 'open', id: b.id });
      g.addEventListener('click', open);
      g.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') open();
      });
    }
    const pad = 20;
    view = { x: -pad, y: -pad, w: Math.max(layout.width + 2 * pad, 200), h: Math.max(layout.height + 2 * pad, 100) };
    setView();
  }

  let drag;
  svg.addEventListener('pointerdown', (ev) => {
    if (/** @type {Element} */ (ev.target).closest('.node')) return;
    drag = { x: ev.clientX, y: ev.clientY, view: { ...view } };
    svg.classList.add('panning');
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const scale = view.w / svg.clientWidth;
    view.x = drag.view.x - (ev.clientX - drag.x) * scale;
    view.y = drag.view.y - (ev.clientY - drag.y) * scale;
    setView();
  });
  svg.addEventListener('pointerup', () => {
    drag = undefined;
    svg.classList.remove('panning');
  });
  svg.addEventListener('wheel', (ev) => {
    ev.preventDefault();
    const factor = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    const rect = svg.getBoundingClientRect();
    const px = view.x + ((ev.clientX - rect.left) / rect.width) * view.w;
    const py = view.y + ((ev.clientY - rect.top) / rect.height) * view.h;
    view = { x: px - (px - view.x) * factor, y: py - (py - view.y) * factor, w: view.w * factor, h: view.h * factor };
    setView();
  }, { passive: false });

  window.addEventListener('message', (event) => {
    const data = event.data;
    if (data.type === 'render') render(data);
    else if (data.type === 'empty') {
      svg.replaceChildren();
      title.textContent = 'Call Graph';
      message.textContent = data.message;
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
