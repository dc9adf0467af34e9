"""What the out-of-distribution test kit holds: 11 of the embedded kit's categories, pictured by Open Clip Art
Library drawings (Debian openclipart-png, public domain) and sounded by MuseScore General (Debian
musescore-general-soundfont-small, MIT), i.e. sources that share nothing with the embedded kit's Noto Color Emoji
pictures and FluidR3_GM sounds. Categories without a usable filled drawing (flute and saxophone are thin line art,
whose alpha would be a mask of outlines), without a General MIDI sound or with speech are left out.
"""

CLIPART = "/usr/share/openclipart/png"

# Files under CLIPART, chosen by looking at them: one object each, filled (the alpha is the mask), seen whole.
PICTURES = {
    "piano": ["recreation/music/piano_geraint_luff_01.png", "recreation/music/piano_theory_ganson1.png"],
    "guitar": ["recreation/music/guitar_ganson.png", "recreation/music/guitar_jarno_vasamaa1.png",
               "recreation/music/guitar_jarno_vasamaa2.png", "recreation/music/guitar_profile_philippe__01.png",
               "recreation/music/electric_guitar_andrea__01r.png"],
    "violin": ["recreation/music/violin_colour_ganson.png", "recreation/music/violin_ganson.png",
               "recreation/music/violin_mo_01.png"],
    "trumpet": ["recreation/music/trumpet_b_flat_colour_ganso.png", "recreation/music/trumpet_herald__ganson.png",
                "recreation/music/trumpet_pocket_colour_ganso.png"],
    "horn": ["recreation/music/french_horn_ganson.png"],
    "drum": ["recreation/music/africandrum_benji_park1.png", "recreation/music/africandrum_benji_park_.png",
             "recreation/music/djambf_ganson.png", "recreation/music/drums_jarno_vasamaa_.png",
             "recreation/music/derbouk_jurgen_01.png"],
    "maracas": ["recreation/music/maracas_ganson.png"],
    "bell": ["recreation/holiday/christmas/jingle_bells_01.png", "computer/icons/flat-theme/action/bell.png"],
    "bird": ["animals/birds/crow_01.png", "animals/birds/eagle_01.png", "animals/birds/owl_on_branch_ganson.png",
             "animals/birds/dove_symbol.png", "animals/birds/gufo_civetta_architetto__01.png",
             "animals/birds/hen_01.png", "animals/birds/pollo_architetto_frances_01.png"],
    "telephone": ["computer/classic_phone_zazou.png", "office/telephone/phone.png",
                  "office/telephone/red_telephone_mimooh_01.png", "office/telephone/mobile.png",
                  "office/telephone/phone_sergio_luiz_araujo_01.png"],
    "fireworks": ["recreation/holiday/fireworks__ganson.png", "recreation/holiday/fireworks_ganson1.png",
                  "recreation/holiday/fireworks_ganson2.png", "recreation/holiday/fireworks_ganson3.png"],
}

# Longer side of a cut-out after cropping to its alpha (the embedded kit's are 100-136 px).
PICTURE_SIDE = 128

# Sounds: the embedded kit's General MIDI programs and drum notes (kit_spec.SOUNDS) for these categories, played
# by another soundfont with phrases drawn from other seeds ("ood/<category>/<clip>").
SOUNDFONT = "/usr/share/sounds/sf3/MuseScore_General_Lite.sf3"

# compose needs test + validation + 1 clips per category; only the test split is composed.
CLIPS_PER_CATEGORY = 4
TEST_CLIPS = 2

# The demo's held-out settings (DemoSettings): 112-px pictures, objects 0.58-0.72 of the side, two sounds each.
TEST_SCENES = 150
IMAGE_SIZE = 112
TEST_OBJECT_SIZE = "0.58:0.72"
SEED = 15
