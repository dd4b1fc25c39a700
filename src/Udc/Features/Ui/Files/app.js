// Entry point: the tab strip (WAI-ARIA tabs pattern) and each tab's first load. Tabs load their data when
// first shown, so opening the page costs one small request per visible tab.

import { api } from './api.js';
import { initExplorer } from './explorer.js';
import { initCharts } from './charts.js';
import { initAssistant } from './assistant.js';
import { initQuality } from './quality.js';
import { initConnectors } from './connectors.js';
import { initJobs } from './jobs.js';
import { initKeys, showKeysTab } from './keys.js';
import { initAudit, showAuditTab } from './audit.js';

const tabs = [...document.querySelectorAll('[role="tab"]')];
const started = new Set();
const starters = {
  'panel-explorer': initExplorer,
  'panel-charts': initCharts,
  'panel-quality': initQuality,
  'panel-connectors': initConnectors,
  'panel-jobs': initJobs,
  'panel-assistant': initAssistant,
  'panel-keys': initKeys,
  'panel-audit': initAudit,
};

function select(tab, focus) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  const panel = tab.getAttribute('aria-controls');
  if (!started.has(panel)) {
    started.add(panel);
    starters[panel]();
  } else if (panel === 'panel-keys') {
    showKeysTab();
  } else if (panel === 'panel-audit') {
    showAuditTab();
  }
  history.replaceState(null, '', `#${tab.id.slice(4)}`);
}

for (const tab of tabs) {
  tab.addEventListener('click', () => select(tab, false));
  tab.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(tabs[(next + tabs.length) % tabs.length], true);
  });
}

const fromHash = tabs.find((tab) => `#${tab.id.slice(4)}` === location.hash);
select(fromHash || tabs[0], false);

api('/health/summary').then((result) => {
  if (result.ok && result.data && result.data.version) {
    document.getElementById('server-version').textContent = `v${result.data.version}`;
  }
});
