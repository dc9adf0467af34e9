"""What the embedded asset kit holds: its categories, the emoji that picture each one and how each one sounds.

Every category needs both a picture and a real sound that Debian ships: an instrument or a General MIDI effect
rendered by fluidsynth from FluidR3_GM.sf2, or speech from an espeak-ng voice. Category names are lower-case
letters only, because the IS3 file layout (<a>_<b>_<id>_<target>.jpg) splits names on '_'.
"""

SKIN_TONES = ["", "1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF"]


def with_tones(base, suffix=""):
    """Every skin-tone variant of a person emoji (base, then light to dark), optionally followed by a ZWJ tail."""
    out = []
    for tone in SKIN_TONES:
        seq = base + ([tone] if tone else [])
        out.append(seq + suffix.split() if suffix else seq)
    return out


# Emoji sequences as lists of hex code points. FE0F (emoji presentation) is tried with and without.
PICTURES = {
    "piano": [["1F3B9"]],
    "guitar": [["1F3B8"]],
    "violin": [["1F3BB"]],
    "trumpet": [["1F3BA"]],
    "saxophone": [["1F3B7"]],
    "drum": [["1F941"], ["1FA98"]],
    "accordion": [["1FA97"]],
    "banjo": [["1FA95"]],
    "flute": [["1FA88"]],
    "horn": [["1F4EF"]],
    "maracas": [["1FA87"]],
    "bell": [["1F514"], ["1F6CE", "FE0F"]],
    "bird": [["1F426"], ["1F424"], ["1F425"], ["1F99C"], ["1F54A", "FE0F"], ["1F426", "200D", "2B1B"]],
    "telephone": [["260E", "FE0F"], ["1F4DE"], ["1F4F1"]],
    "helicopter": [["1F681"]],
    "applause": with_tones(["1F44F"]),
    "ocean": [["1F30A"]],
    "fireworks": [["1F386"], ["1F387"], ["1F9E8"]],
    "man": with_tones(["1F468"]) + with_tones(["1F474"]) + with_tones(["1F9D4"], "200D 2642 FE0F"),
    "woman": with_tones(["1F469"]) + with_tones(["1F475"]) + with_tones(["1F471"], "200D 2640 FE0F"),
    "child": with_tones(["1F9D2"]) + with_tones(["1F466"]) + with_tones(["1F467"]) + with_tones(["1F476"]),
}

# Two more artists draw the same emoji, so that a category is not one artist's style: a model trained on one style
# per category learns that style (docs/learning.md: out of distribution, new pictures cost 41-53 IIoU points, new
# sounds 4-11). EmojiOne 2.2 (Debian ruby-gemojione, CC-BY-SA-4.0) has its own 64-px colour PNG (the kit doubles it) of most of the
# sequences above; Symbola (Debian fonts-symbola) draws the base code point as a black outline, which the kit fills
# white inside (a line drawing, as clip art often is). A sequence the source lacks is left out (accordion, banjo,
# flute and maracas are newer than both sources).
EMOJIONE = "/usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png"
SYMBOLA = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"

# The longer side of a Symbola cut-out in pixels (the Noto cut-outs' are 100-136).
SYMBOLA_SIZE = 128


# How each category sounds. kind: 'melodic' (a General MIDI program playing phrases), 'effect' (a GM sound effect
# triggered at several pitches and lengths), 'percussion' (GM drum-kit notes on channel 10), 'speech' (espeak-ng).
SOUNDS = {
    "piano": {"kind": "melodic", "programs": [0, 1], "range": (48, 84), "chords": True},
    "guitar": {"kind": "melodic", "programs": [24, 25], "range": (40, 76), "chords": True},
    "violin": {"kind": "melodic", "programs": [40], "range": (55, 91), "chords": False},
    "trumpet": {"kind": "melodic", "programs": [56], "range": (55, 82), "chords": False},
    "saxophone": {"kind": "melodic", "programs": [65, 66], "range": (49, 80), "chords": False},
    "accordion": {"kind": "melodic", "programs": [21], "range": (53, 81), "chords": True},
    "banjo": {"kind": "melodic", "programs": [105], "range": (48, 79), "chords": True},
    "flute": {"kind": "melodic", "programs": [73], "range": (60, 96), "chords": False},
    "horn": {"kind": "melodic", "programs": [60], "range": (41, 72), "chords": False},
    "bell": {"kind": "melodic", "programs": [14, 112], "range": (60, 84), "chords": False},
    "drum": {"kind": "percussion", "notes": [35, 36, 38, 40, 41, 42, 43, 45, 46, 47, 48, 49, 50, 51]},
    "maracas": {"kind": "percussion", "notes": [70, 69]},
    "bird": {"kind": "effect", "program": 123, "range": (60, 96)},
    "telephone": {"kind": "effect", "program": 124, "range": (60, 84)},
    "helicopter": {"kind": "effect", "program": 125, "range": (48, 72)},
    "applause": {"kind": "effect", "program": 126, "range": (55, 72)},
    "ocean": {"kind": "effect", "program": 122, "range": (48, 72)},
    "fireworks": {"kind": "effect", "program": 127, "range": (36, 72)},
    "man": {"kind": "speech", "voices": ["en-us+m1", "en+m3", "en-us+m5", "en+m7", "en-gb+Michael", "en-us+David", "en+m2", "en-us+Andy"], "pitch": (25, 50)},
    "woman": {"kind": "speech", "voices": ["en-us+f1", "en+f2", "en-us+f3", "en+f4", "en-gb+f5", "en-us+Annie", "en+Linda", "en-us+Belinda"], "pitch": (45, 70)},
    "child": {"kind": "speech", "voices": ["en-us+f2", "en+f4", "en-us+m3", "en+Annie", "en-us+f1", "en+f5", "en-us+Steph", "en+Tweaky"], "pitch": (88, 99)},
}

# Lines spoken by the speech categories (written for SoundSight; public domain).
SENTENCES = [
    "Good morning, could you pass me the map of the old town please?",
    "I think the train leaves at half past seven, so we should hurry.",
    "Look at the boats on the river, they are sailing very slowly today.",
    "Can you hear the music coming from the park across the street?",
    "We planted tomatoes and beans in the garden last weekend.",
    "The library closes early on Sundays, but the cafe stays open.",
    "My favourite colour is green, like the leaves in the spring.",
    "Please remember to bring an umbrella, it might rain this afternoon.",
    "Once upon a time there was a little fox who lived in the forest.",
    "Turn left at the bakery and walk straight until you see the bridge.",
]

CLIPS_PER_CATEGORY = 8
CLIP_SECONDS = 3.0
SAMPLE_RATE = 16000
