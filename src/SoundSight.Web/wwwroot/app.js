// SoundSight's page: everything goes through the JSON API of the same server (docs/serve.md); no build step.
"use strict";

const COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45"];
const $ = (id) => document.getElementById(id);
const state = { picture: null, sounds: [], results: null, selected: 0, pictureUrl: null, recorder: null, recordings: 0 };

function say(text, isError) {
  const m = $("message");
  m.textContent = text || "";
  m.className = "message" + (isError ? " error" : "");
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && body.message) return body.message;
  } catch (_) { /* not JSON */ }
  return `the server answered ${response.status}`;
}

// --- the model -------------------------------------------------------------------------------------------------
async function loadModel() {
  try {
    const r = await fetch("/api/model");
    const info = await r.json();
    const m = info.model;
    const kinds = { "checkpoint": "Model: ", "demo-default": "Model: ", "untrained": "Model: " };
    $("model").textContent = kinds[m.kind] + m.description + ` (input ${m.imageSize} px, ${m.windowSeconds} s of each sound).`;
    // The method's own upsampling (half-pixel for SSL-TIE) until the user picks another.
    if (m.upsample) $("upsample").value = m.upsample;
    $("model").classList.toggle("untrained", m.kind === "untrained");
    $("model").dataset.kind = m.kind;
  } catch (e) {
    $("model").textContent = "The model description could not be read: " + e;
  }
}

// --- choosing inputs -----------------------------------------------------------------------------------------------
function isVideo(file) { return (file.type || "").startsWith("video/"); }
function isPicture(file) { return (file.type || "").startsWith("image/"); }

function setPicture(file, name) {
  state.picture = { blob: file, name: name || file.name || "picture", video: isVideo(file) };
  refreshChosen();
}

function addSound(blob, name) {
  state.sounds.push({ blob, name: name || blob.name || `sound ${state.sounds.length + 1}` });
  refreshChosen();
}

function addFiles(files) {
  for (const f of files) {
    if (isPicture(f) || isVideo(f)) setPicture(f);
    else addSound(f);
  }
}

function refreshChosen() {
  const box = $("chosen");
  box.replaceChildren();
  if (state.picture) {
    const s = document.createElement("span");
    s.className = "item";
    s.textContent = (state.picture.video ? "video: " : "picture: ") + state.picture.name;
    box.append(s);
  }
  state.sounds.forEach((snd, i) => {
    const s = document.createElement("span");
    s.className = "item";
    s.style.borderLeft = `6px solid ${COLOURS[i % COLOURS.length]}`;
    s.textContent = "sound: " + snd.name + " ";
    const x = document.createElement("button");
    x.type = "button";
    x.textContent = "×";
    x.title = "remove this sound";
    x.onclick = () => { state.sounds.splice(i, 1); refreshChosen(); };
    s.append(x);
    box.append(s);
  });
  const ready = state.picture && (state.picture.video || state.sounds.length > 0);
  $("run").disabled = !ready;
  if (state.picture && !state.picture.video && state.sounds.length === 0) say("Now add one or more sounds.");
}

function clearInputs() {
  state.picture = null;
  state.sounds = [];
  refreshChosen();
}

async function loadExamples() {
  try {
    const r = await fetch("/api/examples");
    const list = await r.json();
    // A link can open the page on an example: /?example=1 (add &view=all for all sounds at once).
    const asked = new URLSearchParams(location.search);
    const start = list.find((ex) => String(ex.id) === asked.get("example"));
    if (start && asked.get("view") === "all") state.selected = -1;
    for (const ex of list) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "example";
      b.textContent = ex.title;
      b.onclick = () => useExample(ex);
      $("examples").append(b);
    }
    if (start) await useExample(start);
  } catch (e) {
    say("The examples could not be loaded: " + e, true);
  }
}

async function useExample(ex) {
  say("Loading the example...");
  clearInputs();
  const pic = await (await fetch(ex.picture)).blob();
  setPicture(new File([pic], "example.jpg", { type: "image/jpeg" }));
  for (const s of ex.sounds) {
    const blob = await (await fetch(s.url)).blob();
    addSound(new File([blob], s.name, { type: "audio/wav" }), s.name);
  }
  await run();
}

async function toggleRecording() {
  if (state.recorder) {
    state.recorder.stop();
    return;
  }
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    say("This browser cannot record sound here (recording needs a secure page: http://127.0.0.1 or https).", true);
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    say("The microphone is not available: " + e.message, true);
    return;
  }
  const chunks = [];
  const recorder = new MediaRecorder(stream);
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.onstop = () => {
    stream.getTracks().forEach((t) => t.stop());
    state.recorder = null;
    $("record").textContent = "Record a sound";
    const type = recorder.mimeType || "audio/webm";
    const ext = type.includes("ogg") ? "ogg" : type.includes("mp4") ? "m4a" : "webm";
    state.recordings += 1;
    addSound(new File(chunks, `recording-${state.recordings}.${ext}`, { type }), `recording-${state.recordings}.${ext}`);
    say("Recorded. Add more sounds or press Localize.");
  };
  state.recorder = recorder;
  recorder.start();
  $("record").textContent = "Stop recording";
  say("Recording... press Stop recording when done (a few seconds is enough).");
}

// --- running -------------------------------------------------------------------------------------------------------
async function run() {
  if (!state.picture) return;
  if (state.picture.video) return runVideo();
  const form = new FormData();
  form.append("image", state.picture.blob, state.picture.name);
  for (const s of state.sounds) form.append("audio", s.blob, s.name);
  form.append("upsample", $("upsample").value);
  $("run").disabled = true;
  say("Localizing...");
  try {
    const r = await fetch("/api/localize", { method: "POST", body: form });
    if (!r.ok) {
      say(await errorText(r), true);
      return;
    }
    const results = await r.json();
    state.results = results;
    if (state.pictureUrl) URL.revokeObjectURL(state.pictureUrl);
    state.pictureUrl = URL.createObjectURL(state.picture.blob);
    showResults(Math.min(state.selected, results.maps.length - 1));
    say(`${results.maps.length} map(s) in ${results.seconds.toFixed(2)} s.`);
  } catch (e) {
    say("The server could not be reached: " + e, true);
  } finally {
    $("run").disabled = false;
  }
}

function showResults(selected) {
  const res = state.results;
  $("results").hidden = false;
  $("video-results").hidden = true;
  const tabs = $("tabs");
  tabs.replaceChildren();
  res.maps.forEach((m, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "sound-tab";
    b.setAttribute("role", "tab");
    b.style.setProperty("--colour", COLOURS[i % COLOURS.length]);
    b.textContent = m.sound;
    b.onclick = () => select(i);
    tabs.append(b);
  });
  if (res.maps.length > 1) {
    const all = document.createElement("button");
    all.type = "button";
    all.id = "all-tab";
    all.setAttribute("role", "tab");
    all.textContent = "All sounds at once";
    all.onclick = () => select(-1);
    tabs.append(all);
  }
  select(selected < 0 && res.maps.length < 2 ? 0 : selected);
}

function select(i) {
  state.selected = i;
  const res = state.results;
  $("tabs").querySelectorAll("button").forEach((b, k) => b.setAttribute("aria-selected", String(k === i || (i < 0 && b.id === "all-tab"))));
  const img = $("overlay");
  const canvas = $("combined");
  const details = $("details");
  details.replaceChildren();
  if (i < 0) {
    img.hidden = true;
    canvas.hidden = false;
    drawCombined();
    details.textContent = "Each sound's region (evaluation map >= 0.5, where it is the strongest) in its colour; rings mark the peaks.";
    return;
  }
  canvas.hidden = true;
  img.hidden = false;
  $("legend").replaceChildren();
  const m = res.maps[i];
  img.src = "data:image/png;base64," + m.overlayPng;
  img.dataset.soundIndex = String(i);
  img.title = "click to play " + m.sound;
  img.onclick = () => details.querySelector("audio")?.play();

  const numbers = document.createElement("span");
  const sA = m.sa === null || m.sa === undefined ? "s_A n/a (no projection heads)" : `s_A ${m.sa.toFixed(3)}`;
  numbers.id = "numbers";
  numbers.textContent = `${m.sound}: peak at (${Math.round(m.peak.x)}, ${Math.round(m.peak.y)}) px, peak similarity ${m.peakSimilarity.toFixed(3)}, ${sA}` +
    (m.silent ? " (silent: the map says nothing)" : "");
  const audio = document.createElement("audio");
  audio.controls = true;
  audio.src = soundUrl(i);
  details.append(numbers, audio, download(npy(m.map), stem(m) + ".npy", ".npy"), download(pngBlob(m.overlayPng), stem(m) + ".png", ".png"),
    download(npyRaw(m.raw), stem(m) + ".raw.npy", ".raw.npy"));
}

const soundUrls = new Map();
function soundUrl(i) {
  const blob = state.sounds[i]?.blob;
  if (!blob) return "";
  if (!soundUrls.has(blob)) soundUrls.set(blob, URL.createObjectURL(blob));
  return soundUrls.get(blob);
}

function stem(m) {
  const base = (n) => n.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]/g, "_");
  return `${base(state.results.image.name)}__${base(m.sound)}`;
}

function download(blob, name, label) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.textContent = "download " + label;
  return a;
}

function floats(base64) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

function pngBlob(base64) {
  return new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: "image/png" });
}

// NumPy .npy format 1.0, little-endian float32, C order: what numpy.load reads.
function npyBytes(values, shape) {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 78, 85, 77, 80, 89, 1, 0, header.length & 255, header.length >> 8]);
  for (let k = 0; k < header.length; k++) head[10 + k] = header.charCodeAt(k);
  return new Blob([head, new Float32Array(values).buffer], { type: "application/octet-stream" });
}
function npy(map) { return npyBytes(floats(map.float32), [map.size, map.size]); }
function npyRaw(raw) { return npyBytes(raw.values, [raw.height, raw.width]); }

function drawCombined() {
  const res = state.results;
  const canvas = $("combined");
  const picture = new Image();
  picture.onload = () => {
    canvas.width = res.image.width;
    canvas.height = res.image.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(picture, 0, 0);
    const size = res.maps[0].map.size;
    const maps = res.maps.map((m) => floats(m.map.float32));
    const layer = document.createElement("canvas");
    layer.width = size;
    layer.height = size;
    const lctx = layer.getContext("2d");
    const pixels = lctx.createImageData(size, size);
    const rgb = COLOURS.map((c) => [1, 3, 5].map((p) => parseInt(c.slice(p, p + 2), 16)));
    for (let p = 0; p < size * size; p++) {
      let best = -1, value = 0.5;
      maps.forEach((m, k) => { if (m[p] >= value) { value = m[p]; best = k; } });
      if (best >= 0) {
        const c = rgb[best % rgb.length];
        pixels.data.set([c[0], c[1], c[2], Math.round(90 + 130 * (value - 0.5) * 2)], p * 4);
      }
    }
    lctx.putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(layer, 0, 0, canvas.width, canvas.height);
    const radius = Math.max(5, Math.min(canvas.width, canvas.height) / 25);
    res.maps.forEach((m, k) => {
      ctx.lineWidth = Math.max(2, radius / 4);
      ctx.strokeStyle = "#fff";
      ctx.beginPath(); ctx.arc(m.peak.x, m.peak.y, radius + 1, 0, 2 * Math.PI); ctx.stroke();
      ctx.strokeStyle = COLOURS[k % COLOURS.length];
      ctx.beginPath(); ctx.arc(m.peak.x, m.peak.y, radius, 0, 2 * Math.PI); ctx.stroke();
    });
    const legend = $("legend");
    legend.replaceChildren();
    res.maps.forEach((m, k) => {
      const s = document.createElement("span");
      s.style.setProperty("--colour", COLOURS[k % COLOURS.length]);
      s.textContent = m.sound;
      legend.append(s);
    });
  };
  picture.src = state.pictureUrl;
}

// --- video ---------------------------------------------------------------------------------------------------------
async function runVideo() {
  const form = new FormData();
  form.append("video", state.picture.blob, state.picture.name);
  $("run").disabled = true;
  $("results").hidden = true;
  $("video-results").hidden = false;
  $("video-out").hidden = true;
  $("video-links").replaceChildren();
  $("video-progress").value = 0;
  $("video-status").textContent = "Uploading the video...";
  say("");
  try {
    const r = await fetch("/api/video", { method: "POST", body: form });
    if (!r.ok) {
      $("video-results").hidden = true;
      say(await errorText(r), true);
      return;
    }
    let job = await r.json();
    while (job.state === "queued" || job.state === "rendering") {
      await new Promise((done) => setTimeout(done, 500));
      const poll = await fetch(`/api/jobs/${job.id}`);
      if (!poll.ok) { say(await errorText(poll), true); return; }
      job = await poll.json();
      const eta = job.etaSeconds ? `, about ${Math.ceil(job.etaSeconds)} s left` : "";
      $("video-status").textContent = job.state === "queued" ? "Waiting for the model..." : `Rendering the heatmap video: ${job.done} of ${job.total} steps${eta}.`;
      $("video-progress").value = job.total ? job.done / job.total : 0;
    }
    if (job.state === "failed") {
      $("video-status").textContent = "";
      say(job.error, true);
      return;
    }
    $("video-progress").value = 1;
    $("video-status").textContent = `${job.name}: the heatmap video with its sound (silent stretches are marked).`;
    const v = $("video-out");
    v.src = job.video;
    v.hidden = false;
    const a = document.createElement("a");
    a.href = job.video; a.download = "heatmap.mp4"; a.textContent = "download the video";
    const s = document.createElement("a");
    s.href = job.sheet; s.download = "contact-sheet.png"; s.textContent = "contact sheet";
    $("video-links").append(a, " ", s);
  } catch (e) {
    say("The server could not be reached: " + e, true);
  } finally {
    $("run").disabled = false;
  }
}

// --- wiring --------------------------------------------------------------------------------------------------------
$("picture-input").addEventListener("change", (e) => { if (e.target.files[0]) setPicture(e.target.files[0]); e.target.value = ""; });
$("sound-input").addEventListener("change", (e) => { for (const f of e.target.files) addSound(f); e.target.value = ""; });
$("record").addEventListener("click", toggleRecording);
$("run").addEventListener("click", run);
$("upsample").addEventListener("change", () => { if (state.results && state.picture && !state.picture.video) run(); });
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); addFiles(e.dataTransfer.files); });
loadModel();
loadExamples();
