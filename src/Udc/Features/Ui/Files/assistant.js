// Assistant: POST /assistant/query with the question, provider, model, mode and temperature; shows the answer,
// whether the fast path or a model answered, every tool call with its arguments and result, tokens and
// latency, and reads the answer aloud with the browser's speech synthesis.

import { api, showError, clearError, el, formatNumber } from './api.js';

const $ = (id) => document.getElementById(id);

let spoken = '';

export function initAssistant() {
  $('assistant-form').addEventListener('submit', (event) => {
    event.preventDefault();
    ask();
  });
  const speak = $('assistant-speak');
  if ('speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function') {
    speak.addEventListener('click', () => {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(spoken);
      utterance.lang = 'en';
      window.speechSynthesis.speak(utterance);
    });
  } else {
    speak.disabled = true;
    $('assistant-speak-note').textContent = 'This browser cannot read text aloud.';
  }
}

async function ask() {
  const question = $('assistant-question').value.trim();
  if (!question) {
    showError($('assistant-error'), 'Asking failed', { code: 'VALIDATION_ERROR', message: 'Type a question first.', details: [] });
    return;
  }
  const body = { user_query: question, mode: $('assistant-mode').value };
  const provider = $('assistant-provider').value;
  if (provider) body.provider = provider;
  const model = $('assistant-model').value.trim();
  if (model) body.model = model;
  const temperature = $('assistant-temperature').value;
  if (temperature !== '') body.temperature = Number(temperature);
  const key = $('assistant-api-key').value.trim();
  if (key) body.api_key = key;

  const button = $('assistant-form').querySelector('button[type="submit"]');
  button.disabled = true;
  $('assistant-status').textContent = 'Thinking…';
  clearError($('assistant-error'));
  const result = await api('/assistant/query', { method: 'POST', body });
  button.disabled = false;
  $('assistant-status').textContent = '';
  if (!result.ok) {
    $('assistant-result').hidden = true;
    showError($('assistant-error'), 'The assistant could not answer', result.error);
    return;
  }
  render(result.data);
}

function render(answer) {
  spoken = answer.voice_answer || answer.answer || '';
  $('assistant-answer').textContent = answer.answer ?? '';
  const fast = answer.resolved_by === 'fast_path';
  const badge = $('assistant-resolved');
  badge.className = `badge ${fast ? 'fast' : 'llm'}`;
  badge.textContent = fast ? 'Fast path: no model called' : answer.resolved_by === 'llm' ? 'Answered by a model' : String(answer.resolved_by ?? 'unknown');
  $('assistant-model-used').textContent = answer.provider ? `${answer.provider}${answer.model ? ` · ${answer.model}` : ''}` : '';
  const usage = answer.usage ?? {};
  $('assistant-usage').replaceChildren(
    el('dt', {}, 'Tokens'),
    el('dd', { id: 'assistant-tokens' }, `${formatNumber(usage.total_tokens ?? 0)} (${formatNumber(usage.prompt_tokens ?? 0)} prompt, ${formatNumber(usage.completion_tokens ?? 0)} completion)`),
    el('dt', {}, 'Latency'),
    el('dd', { id: 'assistant-latency' }, `${formatNumber(Math.round((answer.latency_ms ?? 0) * 10) / 10)} ms`),
  );
  const calls = answer.tool_calls ?? [];
  $('assistant-tools').replaceChildren(...(calls.length
    ? calls.map((call) => el('li', { class: 'tool-call' },
      el('strong', {}, call.tool_name),
      call.is_error ? el('span', { class: 'badge' }, ' error') : null,
      el('div', {}, 'Arguments'),
      el('pre', {}, pretty(call.arguments)),
      el('details', {}, el('summary', {}, 'Result'), el('pre', {}, pretty(call.result)))))
    : [el('li', { class: 'muted' }, 'No tools were called.')]));
  $('assistant-result').hidden = false;
}

function pretty(value) {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}
