'use strict';
// The flowpolicy dashboard. Rule for this file: data from the API is only ever put into the page with textContent
// (or as an encoded URL fragment), never as markup, so a hostile namespace or peer name stays text.
(function () {
  const POLL_MS = 5000, REFRESH_MS = 15000, LIVE_MAX = 100;
  const TOKEN_KEY = 'flowpolicy.apiToken';
  const state = {
    profiles: [], sort: {key: 'peers', type: 'number', dir: -1},
    token: sessionStorage.getItem(TOKEN_KEY), live: new Map(), since: '1970-01-01T00:00:00Z', selected: null
  };
  const $ = id => document.getElementById(id);

  function el(tag, text, className) {
    const element = document.createElement(tag);
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    if (className) {
      element.className = className;
    }
    return element;
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path) {
    const headers = {Accept: 'application/json'};
    if (state.token) {
      headers.Authorization = 'Bearer ' + state.token;
    }
    const response = await fetch(path, {headers, cache: 'no-store'});
    if (response.status === 401) {
      $('auth').hidden = false;
      throw new ApiError(401, 'the API needs a token');
    }
    if (!response.ok) {
      let message = response.statusText;
      try {
        message = (await response.json()).error || message;
      } catch (ignored) {
        // not JSON: keep the status text
      }
      throw new ApiError(response.status, message);
    }
    return response.json();
  }

  function status(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  function peerId(peer) {
    switch (peer.kind) {
      case 'pod':
      case 'service':
        return `${peer.kind}:${peer.namespace}/${peer.name}`;
      case 'node':
        return `node:${peer.name}`;
      default:
        return `${peer.kind}:${peer.ip}`;
    }
  }

  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
  }

  function portText(rule) {
    return rule.port < 0 ? '' : rule.port;
  }

  // ---- fan-out table ----

  function compare(a, b) {
    const {key, type, dir} = state.sort;
    const x = a[key], y = b[key];
    if (x === y) {
      return a.namespace < b.namespace ? -1 : 1;
    }
    if (x === null || x === undefined) {
      return 1;
    }
    if (y === null || y === undefined) {
      return -1;
    }
    return dir * (type === 'number' ? x - y : String(x).localeCompare(String(y)));
  }

  function renderFanout() {
    const tier = $('filter-tier').value, stateFilter = $('filter-state').value;
    const shown = state.profiles.filter(p => (!tier || p.tier === tier) && (!stateFilter || p.state === stateFilter));
    shown.sort(compare);
    const rows = shown.map(profileRow);
    $('fanout-table').tBodies[0].replaceChildren(...rows);
    $('fanout-count').textContent = `${shown.length} of ${state.profiles.length} namespaces`;
    $('fanout-empty').hidden = state.profiles.length > 0;
    for (const th of $('fanout-table').tHead.rows[0].cells) {
      th.classList.toggle('sorted-asc', th.dataset.key === state.sort.key && state.sort.dir > 0);
      th.classList.toggle('sorted-desc', th.dataset.key === state.sort.key && state.sort.dir < 0);
    }
  }

  function profileRow(p) {
    const row = el('tr');
    const link = el('a', p.namespace);
    link.href = '#ns=' + encodeURIComponent(p.namespace);
    const name = el('td', null, 'wrap');
    name.appendChild(link);
    const tier = el('td');
    tier.appendChild(el('span', p.tier, 'tier tier-' + p.tier));
    row.append(name, tier, el('td', p.state, 'state-' + p.state));
    for (const key of ['peers', 'external', 'pod', 'service', 'node', 'rules', 'daysObserved']) {
      row.appendChild(el('td', p[key], 'num'));
    }
    row.appendChild(el('td', time(p.lastNewPeerAt)));
    if (p.namespace === state.selected) {
      row.classList.add('selected');
    }
    row.addEventListener('click', () => {
      location.hash = '#ns=' + encodeURIComponent(p.namespace);
    });
    return row;
  }

  async function refreshFanout() {
    try {
      state.profiles = await api('/api/namespaces');
      renderFanout();
      status('updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      status('namespaces: ' + e.message, true);
    }
  }

  // ---- namespace detail ----

  function selectedFromHash() {
    const match = /^#ns=(.*)$/.exec(location.hash);
    if (!match) {
      return null;
    }
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return null;
    }
  }

  async function showDetail() {
    state.selected = selectedFromHash();
    renderFanout();
    if (state.selected === null) {
      $('detail').hidden = true;
      return;
    }
    const namespace = state.selected, path = '/api/namespaces/' + encodeURIComponent(namespace);
    $('detail').hidden = false;
    $('detail-name').textContent = namespace;
    try {
      const [detail, days] = await Promise.all([api(path), api(path + '/days')]);
      if (namespace !== state.selected) {
        return;
      }
      renderSummary(detail.profile, days.zone);
      FlowpolicyChart.peersPerDay($('detail-chart'), days.days);
      $('rules-table').tBodies[0].replaceChildren(...detail.rules.map(ruleRow));
    } catch (e) {
      $('detail-summary').replaceChildren(el('dd', 'cannot load ' + namespace + ': ' + e.message));
      $('detail-chart').replaceChildren();
      $('rules-table').tBodies[0].replaceChildren();
    }
  }

  function renderSummary(p, zone) {
    const facts = [['Tier', p.tier], ['State', p.state], ['Peers', p.peers], ['Rules', p.rules],
      ['External', p.external], ['Pods', p.pod], ['Services', p.service], ['Nodes', p.node],
      ['First day', p.firstDay], ['Last day', p.lastDay], ['Days observed', p.daysObserved], ['Zone', zone]];
    const items = [];
    for (const [label, value] of facts) {
      items.push(el('dt', label), el('dd', value));
    }
    $('detail-summary').replaceChildren(...items);
  }

  function ruleRow(rule) {
    const row = el('tr');
    row.append(el('td', peerId(rule.peer), 'wrap'), el('td', rule.peer.kind), el('td', rule.protocol),
      el('td', portText(rule), 'num'), el('td', time(rule.firstSeen)), el('td', time(rule.lastSeen)),
      el('td', rule.count, 'num'));
    return row;
  }

  // ---- live new destinations ----

  function liveKey(e) {
    return [e.namespace, peerId(e.peer), e.protocol, e.port].join('\u0000');
  }

  async function pollLive() {
    try {
      const events = await api('/api/destinations/new?since=' + encodeURIComponent(state.since));
      for (const event of events) {
        state.live.set(liveKey(event), event);
        if (event.firstSeen > state.since) {
          state.since = event.firstSeen;
        }
      }
      renderLive();
    } catch (e) {
      status('new destinations: ' + e.message, true);
    }
  }

  function renderLive() {
    const events = [...state.live.values()].sort((a, b) =>
      (a.learning === b.learning ? 0 : a.learning ? 1 : -1) || (a.firstSeen < b.firstSeen ? 1 : -1));
    const items = events.slice(0, LIVE_MAX).map(e => {
      const item = el('li');
      item.appendChild(el('span', e.learning ? 'learning' : 'new', e.learning ? 'badge learning' : 'badge alert'));
      const link = el('a', e.namespace);
      link.href = '#ns=' + encodeURIComponent(e.namespace);
      item.append(link, el('span', '\u2192 ' + peerId(e.peer) + ' ' + e.protocol + (e.port < 0 ? '' : '/' + e.port),
        'peer'));
      item.appendChild(el('span', time(e.firstSeen), 'when'));
      return item;
    });
    $('live-list').replaceChildren(...items);
    $('live-empty').hidden = items.length > 0;
  }

  // ---- wiring ----

  function start() {
    for (const th of $('fanout-table').tHead.rows[0].cells) {
      th.addEventListener('click', () => {
        const key = th.dataset.key;
        state.sort = {key, type: th.dataset.type, dir: state.sort.key === key ? -state.sort.dir
            : (th.dataset.type === 'number' ? -1 : 1)};
        renderFanout();
      });
    }
    $('filter-tier').addEventListener('change', renderFanout);
    $('filter-state').addEventListener('change', renderFanout);
    $('auth-form').addEventListener('submit', event => {
      event.preventDefault();
      state.token = $('auth-token').value.trim();
      sessionStorage.setItem(TOKEN_KEY, state.token);
      $('auth').hidden = true;
      refreshAll();
    });
    window.addEventListener('hashchange', showDetail);
    refreshAll();
    setInterval(pollLive, POLL_MS);
    setInterval(refreshFanout, REFRESH_MS);
  }

  async function refreshAll() {
    await refreshFanout();
    await Promise.all([showDetail(), pollLive()]);
  }

  start();
})();
