'use strict';
// A bar chart of distinct peers per day as inline SVG. Every label is set with textContent: namespace data never
// becomes markup.
window.FlowpolicyChart = (function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const WIDTH = 640, HEIGHT = 160, LEFT = 34, BOTTOM = 22, TOP = 8, MAX_BAR = 36;

  function node(tag, attributes, text) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, String(value));
    }
    if (text !== undefined) {
      element.textContent = String(text);
    }
    return element;
  }

  /** Draws days ([{day, peers, flows}], ascending) into container, replacing what was there. */
  function peersPerDay(container, days) {
    if (!days.length) {
      const none = document.createElement('p');
      none.className = 'hint';
      none.textContent = 'No days in the retention window.';
      container.replaceChildren(none);
      return;
    }
    const max = Math.max(1, ...days.map(d => d.peers));
    const plotWidth = WIDTH - LEFT - 4, plotHeight = HEIGHT - TOP - BOTTOM;
    // A few days must not become a few page-wide slabs: bars keep a readable width and start at the axis.
    const slot = Math.min(plotWidth / days.length, MAX_BAR / 0.7);
    const svg = node('svg', {
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: 'img',
      'aria-label': `distinct peers per day, ${days[0].day} to ${days[days.length - 1].day}`
    });
    svg.appendChild(node('line', {class: 'axis', x1: LEFT, y1: TOP + plotHeight, x2: WIDTH, y2: TOP + plotHeight}));
    svg.appendChild(node('text', {x: LEFT - 4, y: TOP + 10, 'text-anchor': 'end'}, max));
    svg.appendChild(node('text', {x: LEFT - 4, y: TOP + plotHeight, 'text-anchor': 'end'}, 0));
    days.forEach((d, i) => {
      const height = d.peers === 0 ? 2 : Math.max(2, Math.round(plotHeight * d.peers / max));
      const bar = node('rect', {
        class: d.peers === 0 ? 'bar empty' : 'bar', x: (LEFT + i * slot + slot * 0.15).toFixed(1),
        y: TOP + plotHeight - height, width: Math.max(1, slot * 0.7).toFixed(1), height: height
      });
      bar.appendChild(node('title', {}, `${d.day}: ${d.peers} peers, ${d.flows} flows`));
      svg.appendChild(bar);
    });
    const labels = days.length === 1 ? [0] : [0, days.length - 1];
    for (const i of labels) {
      const anchor = i === 0 ? 'start' : 'end';
      const x = i === 0 ? LEFT : Math.max(LEFT + 80, LEFT + (i + 1) * slot);
      svg.appendChild(node('text', {x: x, y: HEIGHT - 6, 'text-anchor': anchor}, days[i].day));
    }
    container.replaceChildren(svg);
  }

  return {peersPerDay};
})();
