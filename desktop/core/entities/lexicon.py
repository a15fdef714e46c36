"""Small closed word lists the rules rely on: name heads, connectors, roles, speech verbs."""
from __future__ import annotations

# A capitalised phrase ending in (or headed by, before "of"/"for") one of these names an ORG.
ORG_HEADS = frozenset("""
Agency Alliance Assembly Association Authority Bank Board Bureau Cabinet Center Centre Chamber Club
Coalition College Command Commission Committee Company Congress Corp Corporation Council Court
Department
Directorate Electronics Endowment Federation Force Forces Foundation Fund Group Guard Holdings Inc Institute
Institution League Ltd Ministry Navy Army Office Organisation Organization Panel Parliament Party plc
Police Programme Program School Hospital Clinic Movement Secretariat Senate Service Services Society Staff Technologies
Tribunal Union University Network Airlines Motors Systems Industries Laboratory Laboratories Labs LLC AG SA
GmbH Gazette Herald Tribune Chronicle Times Post Journal Courier Telegraph News Museum Gallery Galleries Library
Orchestra Philharmonic Choir Regiment Brigade Battalion Squadron Fleet Corps Legion
""".split())
LAW_HEADS = frozenset("""
Act Accord Accords Agreement Bill Charter Code Constitution Convention Declaration Directive Doctrine
Law Ordinance Pact Protocol Regulation Resolution Strategy Treaty
""".split())
EVENT_HEADS = frozenset("""
Summit Conference Olympics Paralympics Games War Forum Expo Cup Championship Championships Festival Revolution
Crisis Dialogue Talks Uprising Massacre Election Elections Prix Open Marathon Regatta Fair
""".split())
# A capitalised phrase ending in one of these names a facility ("Cape Canaveral Air Force Station").
FAC_HEADS = frozenset("""
Station Airport Airfield Facility Farm Ranch Mine Factory Refinery Plant Bridge Stadium Arena Tower Towers Dam Canal Tunnel Base Spaceport Cathedral
Mosque Temple Palace Prison Shrine Church Chapel Hotel Resort Castle Monastery Road Avenue Boulevard Highway Motorway Expressway
""".split())
# A capitalised phrase ending in one of these names an administrative area.
GPE_HEADS = frozenset("""
Province County District Prefecture Oblast Governorate Municipality Territory Township Borough
""".split())
# Standard time-zone abbreviations: never names ("at 17:55 GMT").
TIME_ZONES = frozenset("GMT UTC BST CET CEST EET EST EDT CST CDT MST MDT PST PDT IST JST AEST".split())
# Initialisms of things, not of bodies: what a text writes in capitals without naming a body.
TERM_INITIALISMS = frozenset("""
GDP GNP AIDS HIV SARS DNA RNA USD EUR GBP VIP CEO CFO COO RSS HTML HTTP URL PDF FAQ ATM PIN UFO
DVD LCD LED SMS MMS GPS SUV POTUS FLOTUS MVP IPO LNG LPG CPI VAT PhD TV IT
""".split())
# A capitalised phrase right before one of these (lowercase) nouns names a facility.
FAC_NOUNS = frozenset("""
pipeline pipelines bridge airport port harbour harbor dam canal tunnel base stadium railway
railroad highway reactor terminal attraction
""".split())
# Lowercase words allowed inside a name ("Center of Excellence", "Ursula von der Leyen").
CONNECTORS = ("of", "for", "and", "the", "de", "du", "des", "la", "le", "von", "van", "der",
              "den", "da", "di", "al", "bin", "ibn", "&", "do", "dos", "das", "del", "della", "el", "ten", "ter",
              "arap")
# A name's word after an Arabic article, written in lowercase: "Suleiman al-Amr", "al-Ikhbariya".
ARTICLE_NAME = r"(?:al|el|ad|ar|as|ash|at|az|an|ed|bin|ibn|abu)-[A-Z][^\W_]*(?:-[^\W_]+)*"
PARTICLES = frozenset(("von", "van", "der", "den", "de", "da", "di", "du", "le", "la", "al", "bin",
                       "ibn", "ten", "ter", "arap"))  # "Daniel arap Moi" (Kalenjin: "son of")
# Capitalised only because they start a sentence: never a name on their own.
FUNCTION_WORDS = frozenset("""
Elsewhere Separately Overall Still Earlier Instead Nonetheless Nevertheless Otherwise Afterwards
A About According After Against Also Although Among An And Another Any As At Because Before Being
Both But By Despite During Each Either Even Every Few For From Further He Her Here His How However
I If In Instead Into It Its Last Late Later Like Many Meanwhile More Most Much My Neither Never
Next No Nor Not Now Of On Once One Only Or Other Our Over Since So Some Such Than That The Their
Them Then There These They This Those Though Through Thus To Under Unless Until Upon We What When
Where Whether Which While Who Whose Why With Within Without Yet You Your Yes Earlier Recently
Today Yesterday Tomorrow Still Already Moreover Furthermore Nevertheless Nonetheless Indeed
Overall Finally First Second Third Let Along Alongside Amid Amidst Besides Throughout Towards Toward
Regarding Unlike Across Around
""".split())
# Lowercase words after a name that make it a person: "Birol told", "Habeck warned".
SPEECH_VERBS = frozenset("""
said says told tells added adds warned warns argued argues wrote writes noted notes stated
states explained explains believes believed thinks thought insisted insists claimed claims
urged urges asked asks announced announces replied replies recalled recalls admitted admits
""".split())
# Last words of a party's name, of which a person is named a member: "X of the Y Party".
PARTY_HEADS = ("Party", "Congress", "Front", "Movement")
# Nouns only a person is, in an apposition or before a name: "X, a 34-year-old woman", "his wife X".
PERSON_NOUNS = frozenset("woman man girl boy mother father wife husband son daughter brother sister widow teenager".split())
# Role nouns in an apposition: "Pat Gelsinger, Intel's chief executive".
ROLE_NOUNS = frozenset("""
executive founder chairman chairwoman chair director minister president spokesperson spokesman
spokeswoman fellow analyst professor commissioner secretary economist ambassador ceo head chief
leader counterpart researcher lawyer governor senator general admiral officer adviser advisor editor
correspondent reporter author scientist mayor premier chancellor envoy deputy manager partner
diplomat official activist journalist actor actress singer writer player coach judge prosecutor
bishop lawmaker legislator candidate contributor administrator member volunteer student doctor
physician surgeon nurse teacher engineer artist musician designer inventor programmer developer
illustrator photographer novelist poet painter sculptor songwriter composer comedian filmmaker
expert treasurer curator businessman businesswoman entrepreneur
""".split()) | PERSON_NOUNS
# Role nouns only a person holds: one written right before a name makes it a person's ("fashion
# designer Halston", "illustrator Johnnie Christmas"). Not those a body or a country may hold too
# ("member Poland", "partner Siemens", "developer Ubisoft", "head office", "chief rival").
PERSON_ROLES = ROLE_NOUNS - frozenset("""
member partner developer contributor administrator volunteer head chief leader executive chair
fellow counterpart deputy general officer manager
""".split())
MONTHS = ("January February March April May June July August September October November "
          "December").split()
# Marks of a sports club's name, first or last: "FC Porto", "AC Milan", "Valencia CF".
CLUB_MARKS = frozenset("FC AC AFC CF SC SV FK SK CD UD VfB VfL TSG RB".split())
# Words after a town that make a club's name: "Manchester United", "Blackburn Rovers"; and, where
# the whole is no known place, "Manchester City", "Luton Town", "Nottingham Forest", "Aston Villa".
CLUB_TAILS = frozenset("United Rovers Athletic Wanderers Albion Rangers Hotspur Argyle Thistle".split())
CLUB_TOWN_TAILS = frozenset("City Town Forest Villa".split())
# Words before a city that make a club's name: "Real Madrid", "Inter Milan", "Atlético Paranaense".
CLUB_WORDS = frozenset("Real Inter Atlético Atletico Sporting Dynamo Dinamo Olympique Borussia".split())
# A capitalised phrase ending in one of these names a natural feature, where the whole is no known
# state or city ("Bashi Channel" no, "Luzon Island", "Huangyan Dao"; not "Rhode Island").
LOC_HEADS = frozenset("""
Island Islands Reef Shoal Atoll Archipelago Peninsula Strait Straits Sea Ocean Mountains River
Lake Gulf Bay Desert Valley Plateau Basin Glacier Canyon Crater Dao Jiao Qundao
""".split())
# A capitalised phrase ending in one of these names a product: "James Webb Space Telescope".
PRODUCT_HEADS = frozenset("Telescope Rover Lander Spacecraft".split())
