import type { GraderPacket } from './schema.js'
import { simulatedSidesText } from './simulated.js'

/** JSON safe to embed in a <script> element: no "</script>" or comment openers can close it early. */
function embeddable(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Below this window width (px) the page is one column: the item list becomes a strip across the
 * top, the deliverables stack, and the header scrolls away. Beside a 190 px item list, two
 * deliverables need about 350 px each.
 */
const ONE_COLUMN_BELOW = 900

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2530;background:#f6f7f9}
header{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #d8dde3;padding:10px 16px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:17px;margin:0 12px 0 0}
#layout{display:flex;align-items:flex-start}
nav{width:190px;padding:10px;position:sticky;top:calc(var(--header-height,46px) + 8px);max-height:calc(100vh - var(--header-height,46px) - 16px);overflow:auto}
nav button{display:block;width:100%;text-align:left;margin:2px 0;padding:5px 8px;border:1px solid #cfd6de;background:#fff;border-radius:4px;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav button .title{display:block;white-space:normal;font-size:13px;color:#5a6572}
.simulated{color:#b3261e;font-weight:600}
nav button.done{background:#e4f3e7;border-color:#8cc79a}
nav button.current{outline:2px solid #2f6fd6}
main{flex:1;padding:12px 18px 40px;min-width:0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.pair section{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:10px;min-width:0}
pre{white-space:pre-wrap;word-break:break-word;font:13px/1.4 ui-monospace,monospace;margin:0;max-height:70vh;overflow:auto}
details{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:8px 10px;margin:8px 0 14px}
table{border-collapse:collapse;background:#fff;margin-top:14px;width:100%}
td,th{border:1px solid #d8dde3;padding:6px 8px;vertical-align:top;text-align:left}
td:first-child{width:70%}
fieldset{border:1px solid #d8dde3;background:#fff;border-radius:6px;margin-top:14px}
.note{color:#5a6572;font-size:13px}
.error{color:#b3261e}
@media (max-width:${ONE_COLUMN_BELOW - 1}px){
header{position:static}
#layout{display:block}
nav{position:sticky;top:0;z-index:1;width:auto;max-height:none;display:flex;gap:6px;overflow-x:auto;background:#f6f7f9;border-bottom:1px solid #d8dde3}
nav button{width:auto;flex:none;max-width:70vw;margin:0}
nav button .title{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
main{padding:12px 12px 40px}
.pair{grid-template-columns:1fr}
td:first-child{width:auto}
}
`

/**
 * The grading page: one self-contained HTML file (no server, no network). It shows each item's task
 * in full and the two blinded deliverables, collects 0-10 rubric scores for A and B and a
 * preference, keeps each grader's answers in the browser's storage under their name, and downloads
 * them as a grades CSV.
 */
export function renderGraderPage(packet: GraderPacket): string {
  const simulated = packet.simulated ? `SIMULATED run: ${simulatedSidesText(packet.simulated)}` : null
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Blind grading ${escapeHtml(packet.exportId)}${simulated ? ' (SIMULATED)' : ''}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>Blind grading</h1>
${simulated ? `  <strong class="simulated" data-testid="simulated">${escapeHtml(simulated)}</strong>
` : ''}  <label>Your name <input id="grader" data-testid="grader" autocomplete="name" size="18"></label>
  <span id="progress" data-testid="progress"></span>
  <button id="download" data-testid="download" type="button">Download grades (CSV)</button>
  <button id="start-over" data-testid="start-over" type="button">Start over</button>
  <span id="saved" class="note" data-testid="saved" role="status"></span>
  <span id="message" class="error" role="status"></span>
</header>
<div id="layout"><nav id="items" aria-label="Items"></nav><main id="item"></main></div>
<script id="packet" type="application/json">${embeddable(packet)}</script>
<script>
(function () {
  var packet = JSON.parse(document.getElementById('packet').textContent);
  var tasks = {}; packet.tasks.forEach(function (t) { tasks[t.id] = t; });
  // Answers are kept in this browser per export and grader: the page opens empty, and a grader's
  // name brings back what they saved, so a second grader on the same machine never starts from,
  // or downloads, another's answers.
  var storePrefix = 'orgbench-grades-' + packet.exportId + '/';
  // A browser that blocks site data (a common policy) throws on any use of localStorage: the page
  // then says at once that nothing is kept, rather than letting a grader trust it and lose the work.
  var keeps = (function () { try { localStorage.setItem(storePrefix, '1'); localStorage.removeItem(storePrefix); return true; } catch (e) { return false; } })();
  function parsedAnswers(json) { try { var s = JSON.parse(json || 'null'); return s && s.answers ? s.answers : null; } catch (e) { return null; } }
  function stored(name) { try { return parsedAnswers(localStorage.getItem(storePrefix + name)); } catch (e) { return null; } }
  function save() {
    if (!state.grader || !keeps) return;
    try { localStorage.setItem(storePrefix + state.grader, JSON.stringify({ answers: state.answers })); } catch (e) { keeps = false; showSaving(); }
  }
  function forget(name) { try { localStorage.removeItem(storePrefix + name); } catch (e) {} }
  // Pages of earlier versions kept one set of answers per export, whoever gave them: file them under their grader's name.
  try {
    var legacy = JSON.parse(localStorage.getItem('orgbench-grades-' + packet.exportId) || 'null');
    if (legacy && legacy.grader && legacy.answers && !stored(legacy.grader)) localStorage.setItem(storePrefix + legacy.grader, JSON.stringify({ answers: legacy.answers }));
    if (legacy && legacy.grader) localStorage.removeItem('orgbench-grades-' + packet.exportId);
  } catch (e) {}
  var state = { grader: '', answers: {} };
  var current = 0;
  function answered(answers) {
    var n = 0;
    Object.keys(answers).forEach(function (id) { var a = answers[id]; n += (a.preference ? 1 : 0) + Object.keys(a.A).length + Object.keys(a.B).length; });
    return n;
  }
  function answer(id) { return state.answers[id] || (state.answers[id] = { preference: '', A: {}, B: {} }); }
  function complete(item) {
    var a = state.answers[item.id]; if (!a || !a.preference) return false;
    return tasks[item.task].rubric.every(function (d) { return a.A[d.key] !== undefined && a.B[d.key] !== undefined; });
  }
  function text(tag, content, cls) { var el = document.createElement(tag); el.textContent = content; if (cls) el.className = cls; return el; }
  function scoreSelect(item, target, dim) {
    var sel = document.createElement('select');
    sel.setAttribute('data-testid', 'score'); sel.setAttribute('data-item', item.id); sel.setAttribute('data-target', target); sel.setAttribute('data-dimension', dim);
    sel.setAttribute('aria-label', target + ' ' + dim);
    sel.appendChild(new Option('–', ''));
    for (var v = packet.scale.min; v <= packet.scale.max; v++) sel.appendChild(new Option(String(v), String(v)));
    var value = answer(item.id)[target][dim]; sel.value = value === undefined ? '' : String(value);
    sel.disabled = !named();
    sel.addEventListener('change', function () {
      var v = sel.value;
      withName(function () { var a = answer(item.id); if (v === '') delete a[target][dim]; else a[target][dim] = Number(v); });
    });
    return sel;
  }
  function renderNav() {
    var nav = document.getElementById('items'); nav.textContent = '';
    var done = 0;
    packet.items.forEach(function (item, i) {
      // Items of one task differ by trial; the title wraps below rather than being cut.
      var b = text('button', item.id + (item.trial ? ' · trial ' + item.trial : ''));
      b.appendChild(text('span', tasks[item.task].title, 'title'));
      b.title = tasks[item.task].title;
      b.type = 'button'; b.setAttribute('data-testid', 'item-' + item.id);
      if (complete(item)) { b.className = 'done'; done++; }
      if (i === current) b.className += ' current';
      b.addEventListener('click', function () { current = i; render(); });
      nav.appendChild(b);
    });
    document.getElementById('progress').textContent = done + ' of ' + packet.items.length + ' items fully graded';
  }
  function render() {
    var item = packet.items[current], task = tasks[item.task], main = document.getElementById('item');
    main.textContent = '';
    main.appendChild(text('h2', 'Item ' + item.id + ' (' + (current + 1) + ' of ' + packet.items.length + '): ' + task.title));
    var details = document.createElement('details');
    details.appendChild(text('summary', 'The task exactly as it was given: brief, constraints and inputs'));
    details.appendChild(text('pre', task.prompt));
    main.appendChild(details);
    var pair = document.createElement('div'); pair.className = 'pair';
    ['A', 'B'].forEach(function (label) {
      var s = document.createElement('section'); s.setAttribute('data-testid', 'deliverable-' + label);
      s.appendChild(text('h3', 'Deliverable ' + label)); s.appendChild(text('pre', label === 'A' ? item.a : item.b)); pair.appendChild(s);
    });
    main.appendChild(pair);
    var table = document.createElement('table');
    var head = document.createElement('tr'); ['Rubric dimension', 'A (0-10)', 'B (0-10)'].forEach(function (h) { head.appendChild(text('th', h)); }); table.appendChild(head);
    task.rubric.forEach(function (d) {
      var tr = document.createElement('tr'), cell = document.createElement('td');
      cell.appendChild(text('strong', d.key)); cell.appendChild(document.createElement('br')); cell.appendChild(text('span', d.description, 'note'));
      tr.appendChild(cell);
      ['A', 'B'].forEach(function (t) { var td = document.createElement('td'); td.appendChild(scoreSelect(item, t, d.key)); tr.appendChild(td); });
      table.appendChild(tr);
    });
    main.appendChild(table);
    var fs = document.createElement('fieldset'); fs.appendChild(text('legend', 'Which deliverable better fulfils the task?'));
    ['A', 'B', 'tie'].forEach(function (p) {
      var label = document.createElement('label'), radio = document.createElement('input');
      radio.type = 'radio'; radio.name = 'preference-' + item.id; radio.value = p; radio.setAttribute('data-testid', 'preference-' + p);
      radio.checked = answer(item.id).preference === p;
      radio.disabled = !named();
      radio.addEventListener('change', function () { withName(function () { answer(item.id).preference = p; }); });
      label.appendChild(radio); label.appendChild(document.createTextNode(' ' + (p === 'tie' ? 'Tie' : p) + '  ')); fs.appendChild(label);
    });
    main.appendChild(fs);
    var nav = document.createElement('p');
    [['Previous', -1], ['Next', 1]].forEach(function (spec) {
      var b = text('button', spec[0]); b.type = 'button'; b.setAttribute('data-testid', spec[0].toLowerCase());
      b.disabled = current + spec[1] < 0 || current + spec[1] >= packet.items.length;
      b.addEventListener('click', function () { current += spec[1]; render(); window.scrollTo(0, 0); });
      nav.appendChild(b); nav.appendChild(document.createTextNode(' '));
    });
    main.appendChild(nav);
    renderNav();
  }
  function csvField(v) { v = String(v); return /[",\\n\\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function gradesCsv() {
    var rows = [${JSON.stringify(['export', 'grader', 'item', 'target', 'dimension', 'value'])}];
    packet.items.forEach(function (item) {
      var a = state.answers[item.id]; if (!a) return;
      if (a.preference) rows.push([packet.exportId, state.grader, item.id, 'pair', 'preference', a.preference]);
      ['A', 'B'].forEach(function (t) { tasks[item.task].rubric.forEach(function (d) { if (a[t][d.key] !== undefined) rows.push([packet.exportId, state.grader, item.id, t, d.key, a[t][d.key]]); }); });
    });
    return rows.map(function (r) { return r.map(csvField).join(','); }).join('\\n') + '\\n';
  }
  // The item list sticks below the header, whose height grows when it wraps or shows a message.
  var header = document.querySelector('header');
  function placeItemList() { document.documentElement.style.setProperty('--header-height', header.offsetHeight + 'px'); }
  if (typeof ResizeObserver === 'function') new ResizeObserver(placeItemList).observe(header);
  window.addEventListener('resize', placeItemList);
  placeItemList();
  var graderInput = document.getElementById('grader');
  var savedNote = document.getElementById('saved');
  function showSaving(note) {
    savedNote.className = keeps ? 'note' : 'error';
    if (!keeps) savedNote.textContent = 'This browser keeps nothing of this page (its site data is blocked): download your grades before you close or reload it.' + (note ? ' ' + note : '');
    else savedNote.textContent = note || (state.grader ? 'Kept in this browser for ' + state.grader + '.' : 'Enter your name to grade: your answers are kept in this browser under it.');
  }
  // Answers belong to a name: the score controls wait for one, so that nothing is given that the
  // browser would not keep. A name typed but not yet taken (the field not left) counts.
  function named() { return state.grader !== '' || graderInput.value.trim() !== ''; }
  function enableControls() { document.querySelectorAll('#item select, #item input[type=radio]').forEach(function (el) { el.disabled = !named(); }); }
  function withName(record) {
    var wasNamed = state.grader !== '';
    if (!wasNamed) takeName();
    if (!state.grader) { render(); return; }
    record(); save();
    if (wasNamed) renderNav(); else render();
  }
  // Called when the name field is left (or Enter is pressed), before a download and before the first
  // answer: a name with saved answers brings them back; any other name starts empty, the previous
  // grader's answers staying saved under their name.
  function takeName() {
    var name = graderInput.value.trim(), previous = state.grader, mine = stored(name), note = '';
    if (name === previous) return;
    if (name && mine) {
      note = 'Your ' + answered(mine) + ' answer(s) saved in this browser are back, ' + name + '.';
      state = { grader: name, answers: mine };
    } else if (name && !previous) state.grader = name;
    else {
      state = { grader: name, answers: {} };
      if (previous) note = (name ? 'Nothing saved for ' + name + ' in this browser yet: an empty page. ' : 'An empty page. ') + 'The answers of ' + previous + ' stay saved under that name.';
    }
    // Nothing to keep yet is not written: a tab that read the storage before another tab's last
    // answer reached it would otherwise write its empty page over that tab's answers.
    if (answered(state.answers) > 0) save();
    render(); showSaving(note);
  }
  graderInput.addEventListener('change', takeName);
  graderInput.addEventListener('input', enableControls);
  // The same grader in another tab or window of this browser: what it keeps is taken here too, so
  // that neither tab writes its older answers over the other's.
  window.addEventListener('storage', function (e) {
    if (!state.grader || e.key !== storePrefix + state.grader) return;
    state.answers = parsedAnswers(e.newValue) || {};
    render();
    showSaving(e.newValue === null ? 'The answers of ' + state.grader + ' were removed in another tab of this page.' : 'Kept in this browser for ' + state.grader + ', with the answers given in another tab of this page.');
  });
  document.getElementById('start-over').addEventListener('click', function () {
    var name = state.grader || graderInput.value.trim(), n = answered(state.answers);
    if (n > 0 && !window.confirm('Start over with an empty page? The ' + n + ' answer(s) ' + (name ? 'of ' + name + ' are removed from this browser' : 'on this page are removed') + ': download them first to keep them.')) return;
    if (state.grader) forget(state.grader);
    state = { grader: '', answers: {} }; graderInput.value = ''; current = 0;
    document.getElementById('message').textContent = '';
    render(); showSaving('An empty page: enter your name to start.'); graderInput.focus();
  });
  document.getElementById('download').addEventListener('click', function () {
    var msg = document.getElementById('message');
    takeName();
    if (!state.grader) { msg.textContent = 'Enter your name first: it goes into every row.'; graderInput.focus(); return; }
    msg.textContent = '';
    var blob = new Blob([gradesCsv()], { type: 'text/csv' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob); a.download = 'grades-' + packet.exportId + '-' + state.grader.replace(/[^\\p{L}\\p{M}\\p{N}_-]+/gu, '_') + '.csv';
    document.body.appendChild(a); a.click(); a.remove();
  });
  render(); showSaving();
})();
</script>
</body>
</html>
`
}
