"""The content of the demo parade as plain Python data (Dutch texts, invented people).

The practice examples and organisations come from the source texts of the domain (reports,
profiles and a work visit); the texts are short retellings. Every person is invented and has an
address under example.org, so no demo row can ever lead to mail for a real person. Venue and
address are invented too. Times are local (Europe/Amsterdam) wall-clock times; the loader turns
them into UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ThemeData:
    name: str
    slug: str


@dataclass(frozen=True)
class OrganisationData:
    name: str
    place: str = ""
    website: str = ""


@dataclass(frozen=True)
class PersonData:
    """A person; `organisation` is an OrganisationData name (or "" for none)."""

    name: str
    email: str
    job_title: str
    organisation: str = ""
    motto: str = ""
    links: str = ""
    story: str = ""
    public_profile: bool = False


@dataclass(frozen=True)
class EventData:
    name: str
    slug: str
    edition: int
    day: date
    starts: str
    ends: str
    timezone: str
    venue: str
    address: str
    description: str
    calendar_uid: str


@dataclass(frozen=True)
class RoomData:
    name: str
    capacity: int


@dataclass(frozen=True)
class RoundData:
    name: str
    starts: str
    ends: str


@dataclass(frozen=True)
class PracticeData:
    """A practice example; `contact` is a person's e-mail, `themes` are theme names."""

    title: str
    organisation: str
    contact: str
    themes: tuple[str, ...]
    summary: str
    body: str
    results: str
    links: str = ""


@dataclass(frozen=True)
class SessionData:
    """A session; `key` makes its calendar UID, `practices` are titles, `hosts` e-mails."""

    key: str
    kind: str
    title: str
    description: str
    round: str | None = None
    room: str | None = None
    capacity: int | None = None
    practices: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class PairData:
    """A "dit zou jíj eens moeten doen" conversation from the report of the third edition."""

    title: str
    first: str
    second: str
    exchange: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PledgeData:
    """A "dit ga ik doen" pledge from the report of the third edition."""

    title: str
    text: str
    person: str
    organisation: str


def session_uid(key: str) -> str:
    """The stable calendar UID of a demo session."""
    return f"session-{key}@demo.events"


# Themes ------------------------------------------------------------------------------------

ARMOEDE = "Armoede en schulden"
STATUSHOUDERS = "Statushouders en integratie"
PARTICIPATIE = "Participatie en werk"
WIJKTEAMS = "Wijkteams"
JEUGD = "Jeugd en gezin"
ZORG = "Zorg en Wmo"
ONTMOETING = "Eenzaamheid en ontmoeting"
BIJSTAND = "Bijstand"

THEMES: tuple[ThemeData, ...] = (
    ThemeData(ARMOEDE, "armoede-en-schulden"),
    ThemeData(STATUSHOUDERS, "statushouders-en-integratie"),
    ThemeData(PARTICIPATIE, "participatie-en-werk"),
    ThemeData(WIJKTEAMS, "wijkteams"),
    ThemeData(JEUGD, "jeugd-en-gezin"),
    ThemeData(ZORG, "zorg-en-wmo"),
    ThemeData(ONTMOETING, "eenzaamheid-en-ontmoeting"),
    ThemeData(BIJSTAND, "bijstand"),
)

# Organisations -----------------------------------------------------------------------------

WAADHOEKE = "Gemeente Waadhoeke"
ALMERE = "Gemeente Almere"
DALFSEN = "Gemeente Dalfsen"
STICHTSE_VECHT = "Gemeente Stichtse Vecht"
SELWERD = "Sunny Selwerd"
BINTHOUT = "Sociale houtzagerij Binthout"
LEEUWARDEN = "Gemeente Leeuwarden"
LEIDEN = "Gemeente Leiden"
VIJFHEERENLANDEN = "Gemeente Vijfheerenlanden"
SAMENDOEN = "Stichting SamenDoen"
SYNDION = "Syndion"

ORGANISATIONS: tuple[OrganisationData, ...] = (
    OrganisationData(WAADHOEKE, "Franeker"),
    OrganisationData(ALMERE, "Almere"),
    OrganisationData(DALFSEN, "Dalfsen"),
    OrganisationData(STICHTSE_VECHT, "Maarssen"),
    OrganisationData(SELWERD, "Groningen"),
    OrganisationData(BINTHOUT),
    OrganisationData(LEEUWARDEN, "Leeuwarden"),
    OrganisationData(LEIDEN, "Leiden"),
    OrganisationData(VIJFHEERENLANDEN, "Leerdam"),
    OrganisationData(SAMENDOEN, "Leerdam"),
    OrganisationData(SYNDION, "Leerdam"),
)

# People (invented) -------------------------------------------------------------------------

KEIZER = "m.keizer@example.org"
OOSTERHOUT = "s.oosterhout@example.org"
DE_WAAL = "h.dewaal@example.org"
HOEKSTRA = "j.hoekstra@example.org"
DE_VRIES = "t.devries@example.org"
PIETERSE = "r.pieterse@example.org"
BAKKER = "k.bakker@example.org"
WESSELS = "a.wessels@example.org"
HADDAD = "y.haddad@example.org"
VAN_DAM = "l.vandam@example.org"
RAHIMI = "h.rahimi@example.org"
VEENSTRA = "b.veenstra@example.org"
MULDER = "g.mulder@example.org"
LAMMERS = "g.lammers@example.org"
WOLTERS = "f.wolters@example.org"
BOERSMA = "s.boersma@example.org"
VISSER = "r.visser@example.org"
EL_AMRANI = "o.elamrani@example.org"
VERHOEVEN = "p.verhoeven@example.org"
VAN_LEEUWEN = "t.vanleeuwen@example.org"
GROEN = "n.groen@example.org"
KOSTER = "e.koster@example.org"
HOFMAN = "m.hofman@example.org"
SCHOUTEN = "w.schouten@example.org"
VAN_DER_MEULEN = "j.vandermeulen@example.org"
SMIT = "k.smit@example.org"

PEOPLE: tuple[PersonData, ...] = (
    PersonData(
        "Marjolein Keizer",
        KEIZER,
        "Programmamanager Integratie",
        LEIDEN,
        motto="Iedereen hoort erbij, vanaf de eerste dag",
        links=(
            "LinkedIn: https://linkedin.example.org/in/marjolein-keizer\n"
            "Profiel: https://www.example.org/profielen/marjolein-keizer"
        ),
        story=(
            "Waar heb jij het verschil gemaakt?\n"
            "Met het programma voor statushouders in Leiden. Inburgeren is meer dan een cursus: "
            "je moet ook weten hoe Nederland praktisch en cultureel werkt, en je hebt een netwerk "
            "nodig. Daarom krijgt iedere statushouder een mentor met dezelfde interesses of "
            "hetzelfde vak. Ze vinden sneller werk en jongeren gaan sneller naar school.\n\n"
            "Wat wens je voor de toekomst?\n"
            "Dat het voor iedere inwoner eenvoudig is om mee te doen. Daarom ben ik ook "
            "betrokken bij project DOOR: sociaal werkers die een op een met mensen in de bijstand "
            "praten over wat er speelt.\n\n"
            "Waarvoor mogen mensen je benaderen?\n"
            "Voor alles wat met integratie te maken heeft. Ik deel graag mijn netwerk; ik gebruik "
            "het zelf ook elke dag."
        ),
        public_profile=True,
    ),
    PersonData(
        "Sanne Oosterhout",
        OOSTERHOUT,
        "Netwerkmanager wijkambassadeurs",
        VIJFHEERENLANDEN,
        motto="Van buiten naar binnen werken",
        links=(
            "LinkedIn: https://linkedin.example.org/in/sanne-oosterhout\n"
            "Profiel: https://www.example.org/profielen/sanne-oosterhout"
        ),
        story=(
            "Wat is je opdracht?\n"
            "Na een fusie kijkt een gemeente vooral naar binnen: processen gelijktrekken, beleid "
            "maken. Wij draaien dat om. Onze wijkambassadeurs halen eerst op wat bewoners willen, "
            "daarna maken we beleid. De stip op de horizon: buurten waar iedereen zich thuis "
            "voelt.\n\n"
            "Wat vind je belangrijk?\n"
            "Het geld van het sociaal domein is geld van onze inwoners. Dat vraagt om creatief "
            "denken en om eerlijk kijken naar wat haalbaar is.\n\n"
            "Hoe werk je samen?\n"
            "Ik ben ongeduldig, maar we rennen niet ieder voor zich naar die stip. We nemen de "
            "tijd om het samen te doen. Wie de weg kwijt is, mag me altijd mailen."
        ),
        public_profile=True,
    ),
    PersonData(
        "Hanneke de Waal",
        DE_WAAL,
        "Strategisch adviseur Sociaal Domein",
        LEIDEN,
        motto="Eerst oplossen, dan leren",
        links="LinkedIn: https://linkedin.example.org/in/hanneke-de-waal",
        story=(
            "Waar ben je goed in?\n"
            "Mensen, processen en inhoud met elkaar verbinden. Als er iets misgaat, kijk ik eerst "
            "hoe we het oplossen en daarna wat we ervan leren. Niet meteen een nieuw regeltje.\n\n"
            "Wat is goed gelukt?\n"
            "Het aanbesteden van het welzijnswerk. Iedereen vond het spannend, maar de drie "
            "welzijnsorganisaties van de sterke sociale basis werken nu echt samen.\n\n"
            "Wat zeg je tegen jonge collega's?\n"
            "Kijk goed, denk na en ga op pad. Probeer dingen uit."
        ),
        public_profile=True,
    ),
    PersonData("Jelle Hoekstra", HOEKSTRA, "Consulent Wmo", WAADHOEKE),
    PersonData("Tjitske de Vries", DE_VRIES, "Functioneel beheerder Regiebox", WAADHOEKE),
    PersonData("Ramona Pieterse", PIETERSE, "Adviseur sociaal domein", ALMERE),
    PersonData("Kevin Bakker", BAKKER, "Teamleider Werk & Inkomen", ALMERE),
    PersonData("Anouk Wessels", WESSELS, "Beleidsmedewerker integratie", DALFSEN),
    PersonData("Yusuf Haddad", HADDAD, "Netwerkmakelaar", DALFSEN),
    PersonData("Lotte van Dam", VAN_DAM, "Beleidsadviseur integratie", STICHTSE_VECHT),
    PersonData("Hamid Rahimi", RAHIMI, "Vrijwilliger filmavonden", STICHTSE_VECHT),
    PersonData("Bram Veenstra", VEENSTRA, "Bewoner en initiatiefnemer", SELWERD),
    PersonData("Greetje Mulder", MULDER, "Opbouwwerker", SELWERD),
    PersonData("Gerrit Lammers", LAMMERS, "Bedrijfsleider", BINTHOUT),
    PersonData("Femke Wolters", WOLTERS, "Begeleider dagbesteding", BINTHOUT),
    PersonData("Sietske Boersma", BOERSMA, "Projectleider schuldpreventie", LEEUWARDEN),
    PersonData("Rutger Visser", VISSER, "Schuldhulpverlener", LEEUWARDEN),
    PersonData("Omar El Amrani", EL_AMRANI, "Coördinator mentoren", LEIDEN),
    PersonData("Petra Verhoeven", VERHOEVEN, "Sociaal werker project DOOR", LEIDEN),
    PersonData("Thijs van Leeuwen", VAN_LEEUWEN, "Wijkambassadeur", VIJFHEERENLANDEN),
    PersonData("Nienke Groen", GROEN, "Beleidsadviseur armoede en participatie", VIJFHEERENLANDEN),
    PersonData("Esther Koster", KOSTER, "Kwartiermaker Participatieproject", SAMENDOEN),
    PersonData("Martijn Hofman", HOFMAN, "Jobcoach", SAMENDOEN),
    PersonData("Wendy Schouten", SCHOUTEN, "Begeleider atelier", SYNDION),
    PersonData("Joost van der Meulen", VAN_DER_MEULEN, "Dagvoorzitter"),
    PersonData("Karin Smit", SMIT, "Projectleider PraktijkVoorbeeldenParade"),
)

# The event ---------------------------------------------------------------------------------

EVENT = EventData(
    name="PraktijkVoorbeeldenParade Sociaal Domein 2027",
    slug="parade-2027",
    edition=4,
    day=date(2027, 4, 15),
    starts="09:30",
    ends="16:30",
    timezone="Europe/Amsterdam",
    venue="Congrescentrum De Glasblazerij",
    address="Lingedijk 42, 4142 AB Leerdam",
    description=(
        "De vierde PraktijkVoorbeeldenParade Sociaal Domein. Gemeenten, welzijnsorganisaties "
        "en zorgaanbieders laten elkaar zien wat werkt: van schuldpreventie en de integratie "
        "van statushouders tot wijkteams, participatie en ontmoeting in de buurt.\n\n"
        "Loop langs de stands, schuif aan bij een workshop of ga mee op werkbezoek in "
        "Leerdam. Vertel elkaar wat de ander eens zou moeten doen, en schrijf aan het eind van "
        "de dag op wat je zelf gaat doen. Een paar weken later vragen we hoe het ermee staat."
    ),
    calendar_uid="event-parade-2027@demo.events",
)

ROOMS: tuple[RoomData, ...] = (
    RoomData("Glaszaal", 60),
    RoomData("Lingezaal", 45),
    RoomData("Het Hofje", 30),
    RoomData("De Blazerij", 25),
    RoomData("Atelier", 20),
    RoomData("Leeskamer", 15),
)

OPENING = "Plenaire opening"
ROUND_1 = "Ronde 1"
ROUND_2 = "Ronde 2"
ROUND_3 = "Ronde 3"
CLOSING = "Plenaire afsluiting"

ROUNDS: tuple[RoundData, ...] = (
    RoundData(OPENING, "09:30", "10:15"),
    RoundData(ROUND_1, "10:30", "11:30"),
    RoundData(ROUND_2, "11:45", "12:45"),
    RoundData(ROUND_3, "13:45", "14:45"),
    RoundData(CLOSING, "15:30", "16:30"),
)

# Practice examples -------------------------------------------------------------------------

REGIEBOX = "Regiebox: een app van en voor de uitvoering"
ALMERE_WIJKTEAMS = "Wijkteams en Werk & Inkomen onder één dak"
THUIS_IN_DALFSEN = "Thuis in Dalfsen"
NETWERKMAKELAAR = "De netwerkmakelaar van Dalfsen"
KOFFIE_EN_TAAL = "Integratiediners en avonden voor koffie en taal"
FILMAVONDEN = "Filmavonden met verhalen van statushouders"
BUURT_TAPAS = "Buurt-tapas in Sunny Selwerd"
HOUTZAGERIJ = "Sociale houtzagerij Binthout"
SCHULDPREVENTIE = "Schuldpreventie aan de voorkant"
LEIDEN_STATUSHOUDERS = "Statushouders sneller thuis in Leiden"
DOOR = "Project DOOR: een op een met mensen in de bijstand"
SOCIALE_BASIS = "Een sterke sociale basis"
LEERDAM_AANPAK = "Integrale aanpak van armoede en participatie in Leerdam"
PARTICIPATIEPROJECT = "Het Participatieproject"
ATELIER = "Atelier en winkel in het oude gemeentehuis"
WIJKAMBASSADEURS = "Wijkambassadeurs in Vijfheerenlanden"

PRACTICES: tuple[PracticeData, ...] = (
    PracticeData(
        REGIEBOX,
        WAADHOEKE,
        HOEKSTRA,
        (ZORG, WIJKTEAMS),
        summary="Een app die de consulenten zelf hebben bedacht, niet het management.",
        body=(
            "Wie zich in Waadhoeke meldt met een zorgvraag, heeft eerst een oriënterend gesprek "
            "bij de gemeente. Lukt het niet in het voorliggende veld, dan volgt een tweede "
            "gesprek samen met de zorgaanbieder die de inwoner zelf kiest. Om dat goed te regelen "
            "bouwden de uitvoerders hun eigen app, Regiebox. De vraag was niet 'wat willen we "
            "controleren?' maar 'wat hebben jullie nodig?'."
        ),
        results=(
            "Directe lijnen met alle zorgaanbieders; een hulpmiddel dat medewerkers gebruiken "
            "omdat het hen helpt, niet omdat het moet."
        ),
    ),
    PracticeData(
        ALMERE_WIJKTEAMS,
        ALMERE,
        PIETERSE,
        (WIJKTEAMS, BIJSTAND, PARTICIPATIE),
        summary="Twee culturen leren samenwerken: de wijkteams en de sociale dienst.",
        body=(
            "Almere heeft zestien wijkteams. Werk & Inkomen let op recht en doelmatigheid, de "
            "wijkteams op wat een inwoner nodig heeft. Vaak gaat het om dezelfde mensen. In een "
            "pilot met twee wijkteams werkten beide kanten samen vanaf de werkvloer: samen aan "
            "tafel, samen op huisbezoek."
        ),
        results=(
            "Medewerkers gingen elkaar vertrouwen en vonden betere oplossingen voor inwoners. "
            "De aanpak wordt uitgebreid naar meer wijkteams."
        ),
    ),
    PracticeData(
        THUIS_IN_DALFSEN,
        DALFSEN,
        WESSELS,
        (STATUSHOUDERS, ONTMOETING),
        summary="Verhalen van nieuwe inwoners, en bruggenbouwers voor wie net is aangekomen.",
        body=(
            "Dalfsen portretteerde drie inwoners die als vluchteling kwamen en hier hun plek "
            "vonden; de interviews staan op de site van de gemeente. Een van hen werkt nu bij "
            "een welzijnsorganisatie als bruggenbouwer voor andere statushouders. De gemeente "
            "praat niet alleen óver nieuwkomers, maar vooral mét hen."
        ),
        results="Nieuwkomers vinden sneller hun weg; oude en nieuwe inwoners leren elkaar kennen.",
    ),
    PracticeData(
        NETWERKMAKELAAR,
        DALFSEN,
        HADDAD,
        (STATUSHOUDERS, PARTICIPATIE, ONTMOETING),
        summary="Eén persoon die nieuwkomers koppelt aan bewoners, verenigingen en werkgevers.",
        body=(
            "Statushouders willen graag aan het werk, maar weten niet waar ze moeten beginnen. "
            "De netwerkmakelaar kent het dorp en brengt nieuwkomers in contact met bewoners, "
            "vrijwilligerswerk en bedrijven. Dat is het voordeel van een kleine gemeente: "
            "mensen kennen elkaar."
        ),
        results="Korte lijnen, vrijwilligerswerk en de eerste banen via het eigen netwerk.",
    ),
    PracticeData(
        KOFFIE_EN_TAAL,
        DALFSEN,
        WESSELS,
        (STATUSHOUDERS, JEUGD, ONTMOETING),
        summary="Samen eten, koffie drinken en Nederlands oefenen, met hulp bij opvoeden.",
        body=(
            "Bij integratiediners en gezellige avonden voor koffie en taal ontmoeten "
            "statushouders elkaar en andere inwoners. Wie wil, krijgt er ook "
            "opvoedondersteuning: leven in twee culturen is niet altijd eenvoudig. De gemeente "
            "sluit aan bij wat welzijnsorganisaties al doen en begint niets nieuws naast hen."
        ),
        results="Vaste bezoekers die elkaar ook buiten de avonden helpen.",
    ),
    PracticeData(
        FILMAVONDEN,
        STICHTSE_VECHT,
        VAN_DAM,
        (STATUSHOUDERS, ONTMOETING),
        summary="Films met de verhalen van statushouders, vertoond in de kernen van de gemeente.",
        body=(
            "Stichtse Vecht bestaat uit twaalf kernen en telt zo'n 400 statushouders. Op "
            "filmavonden vertellen statushouders hun verhaal op het doek; daarna praten "
            "bezoekers en makers met elkaar. Zo leren inwoners hun nieuwe buren kennen."
        ),
        results="Volle zalen, gesprekken na afloop, en nieuwe vrijwilligers voor taalmaatjes.",
    ),
    PracticeData(
        BUURT_TAPAS,
        SELWERD,
        VEENSTRA,
        (ONTMOETING, WIJKTEAMS),
        summary="Buren die je zelden ziet, betrekken bij de buurt: met tapas en meer groen.",
        body=(
            "In de Groningse wijk Selwerd maakt iedereen een hapje en gaat de buurt langs de "
            "deuren: buurt-tapas. Zo kom je ook bij buren die zelden buiten zijn. De bewoners "
            "zetten de wens voor meer groen bovendien slim in: plantenbakken op straat remmen "
            "te hard rijdende auto's af."
        ),
        results="Meer buren die elkaar kennen, en een straat waar langzamer wordt gereden.",
    ),
    PracticeData(
        HOUTZAGERIJ,
        BINTHOUT,
        LAMMERS,
        (PARTICIPATIE, ZORG),
        summary="Een houtzagerij als dagbesteding en re-integratieplek tegelijk.",
        body=(
            "Bij sociale houtzagerij Binthout werken mensen aan echt hout voor echte klanten. "
            "De plek bestaat dankzij de Wmo-dagbesteding, met geld uit een re-integratietraject "
            "erbij. Het maakt niet uit uit welk potje het komt, als het maar bijdraagt aan de "
            "ontwikkeling van de mensen die er werken."
        ),
        results="Deelnemers die groeien van dagbesteding naar (vrijwilligers)werk.",
    ),
    PracticeData(
        SCHULDPREVENTIE,
        LEEUWARDEN,
        BOERSMA,
        (ARMOEDE,),
        summary="Schulden voorkomen met een brede coalitie die signalen vroeg oppakt.",
        body=(
            "Leeuwarden pakt schulden aan de voorkant aan. Woningcorporaties, energiebedrijven, "
            "zorgverzekeraars, scholen en welzijnswerk geven signalen van betalingsachterstanden "
            "vroeg door, zodat een schuldhulpverlener langs kan gaan voordat het misgaat. Ook "
            "duurzaamheid hoort erbij: een zuinige koelkast scheelt een huishouden met weinig "
            "geld elke maand."
        ),
        results="Minder mensen die pas hulp vragen als de schulden al hoog zijn opgelopen.",
    ),
    PracticeData(
        LEIDEN_STATUSHOUDERS,
        LEIDEN,
        KEIZER,
        (STATUSHOUDERS, PARTICIPATIE, JEUGD),
        summary="Een breed trainingstraject en een eigen mentor voor iedere statushouder.",
        body=(
            "Leiden wil statushouders zo snel mogelijk laten meedoen en zich thuis laten voelen. "
            "Het trainingstraject gaat verder dan de inburgeringscursus: hoe werkt Nederland, "
            "praktisch en cultureel? Iedere statushouder krijgt een mentor met passende "
            "interesses of een passend vak, die helpt een netwerk op te bouwen."
        ),
        results=(
            "Statushouders vinden gemiddeld veel sneller werk en jongeren beginnen sneller aan "
            "school of een opleiding. De aanpak wordt landelijk gevolgd."
        ),
    ),
    PracticeData(
        DOOR,
        LEIDEN,
        VERHOEVEN,
        (BIJSTAND, ONTMOETING, PARTICIPATIE),
        summary="Sociaal werkers zoeken mensen in de bijstand op, een op een.",
        body=(
            "In project DOOR gaat een team van externe sociaal werkers in gesprek met mensen in "
            "de bijstand: wat speelt er, en welke hulp is nodig? Uit die gesprekken ontstonden "
            "allerlei initiatieven om mensen uit huis te krijgen en ergens aan mee te laten doen."
        ),
        results="Meer sociale verbinding en, op termijn, meer zelfredzaamheid.",
    ),
    PracticeData(
        SOCIALE_BASIS,
        LEIDEN,
        DE_WAAL,
        (ZORG, WIJKTEAMS),
        summary="Welzijnswerk aanbesteed: drie organisaties die samen de sociale basis vormen.",
        body=(
            "Leiden besteedde het welzijnswerk aan. Dat was spannend, maar nu werken drie "
            "welzijnsorganisaties samen in één sterke sociale basis, met vaste afspraken over "
            "wie wat doet in welke wijk. Ook kennisinstellingen en het mbo denken mee."
        ),
        results="Eén aanspreekpunt per wijk en minder dubbel werk tussen organisaties.",
    ),
    PracticeData(
        LEERDAM_AANPAK,
        VIJFHEERENLANDEN,
        GROEN,
        (ARMOEDE, PARTICIPATIE, BIJSTAND),
        summary="Gemeente, welzijn, zorg en werk-leerbedrijf pakken armoede samen aan.",
        body=(
            "In Leerdam, nu onderdeel van Vijfheerenlanden, begon een pilot met een integrale "
            "aanpak van armoede en participatie. Gemeente, welzijnsorganisatie, "
            "zorgorganisaties en het werk-leerbedrijf slaan de handen ineen. Voor de cliënt maakt "
            "het niet uit uit welk potje iets betaald wordt: wat telt is werk, ontwikkeling en "
            "inkomen."
        ),
        results=(
            "Korte lijnen, geen dubbel werk, en cliënten die niet met te veel hulpverleners te "
            "maken krijgen. Resultaten worden bijgehouden in een cliëntvolgsysteem."
        ),
    ),
    PracticeData(
        PARTICIPATIEPROJECT,
        SAMENDOEN,
        KOSTER,
        (PARTICIPATIE, BIJSTAND),
        summary="Een kwartiermaker die tijd neemt voor mensen met een afstand tot werk.",
        body=(
            "Het Participatieproject helpt moeders die lang thuis waren, werkzoekenden die "
            "nog weinig ingeburgerd zijn en mensen met weinig werkervaring. Sommigen hebben een "
            "bijstandsuitkering, anderen kloppen zelf aan. De kwartiermaker neemt de tijd: wie "
            "wil bezuinigen, moet nu juist investeren."
        ),
        results=(
            "Van de eerste 46 deelnemers stroomden er 3 uit naar regulier werk en werden er 3 "
            "bemiddeld naar werk; 8 doen vrijwilligerswerk, 1 volgt een opleiding, 1 ging naar "
            "dagbesteding en 7 zijn in training."
        ),
    ),
    PracticeData(
        ATELIER,
        SYNDION,
        SCHOUTEN,
        (PARTICIPATIE, ZORG),
        summary="Een naaiatelier met eigen winkel, gerund door de deelnemers zelf.",
        body=(
            "In het oude gemeentehuis van Leerdam zit een atelier van zorgorganisatie Syndion. "
            "De deelneemsters maken badjasjes, schorten, handdoeken met een naam en stoffen "
            "sleutelhangers. De een is goed in afspelden, de ander achter de naaimachine. In hun "
            "eigen winkel verkopen ze het zelf, en pakken ze cadeautjes mooi in."
        ),
        results="Trotse makers: 'Op een schaal van 1 tot 10 geef ik mijn werk een 10.'",
    ),
    PracticeData(
        WIJKAMBASSADEURS,
        VIJFHEERENLANDEN,
        OOSTERHOUT,
        (WIJKTEAMS, ONTMOETING),
        summary="Wijkambassadeurs halen op wat bewoners willen, vóórdat er beleid komt.",
        body=(
            "Na de fusie lag de nadruk op het gelijktrekken van processen. Nu werkt "
            "Vijfheerenlanden van buiten naar binnen: wijkambassadeurs organiseren bijeenkomsten "
            "in buurten en kernen en voeren als gelijkwaardige partners gesprekken met inwoners "
            "en netwerkpartners. Wat daar op tafel komt, wordt beleid."
        ),
        results="Een sociaal-maatschappelijke agenda die begint bij de vragen van bewoners.",
    ),
)

# Sessions ----------------------------------------------------------------------------------

SESSIONS: tuple[SessionData, ...] = (
    SessionData(
        "opening-parade-2027",
        "plenary",
        "Opening: dit zou jíj eens moeten doen",
        (
            "Welkom in Leerdam. De dagvoorzitter neemt je mee door het programma en legt uit "
            "hoe je vandaag met andere deelnemers in gesprek gaat: vertel elkaar wat de ander "
            "eens zou moeten doen."
        ),
        round=OPENING,
        hosts=(VAN_DER_MEULEN, SMIT),
    ),
    SessionData(
        "workshop-regiebox",
        "workshop",
        "Regiebox: bouwen vanaf de werkvloer",
        "Hoe consulenten hun eigen app ontwierpen, en waarom dat werkt.",
        round=ROUND_1,
        room="Lingezaal",
        capacity=40,
        practices=(REGIEBOX,),
        hosts=(HOEKSTRA, DE_VRIES),
    ),
    SessionData(
        "workshop-leiden-statushouders",
        "workshop",
        "Statushouders sneller thuis: training en mentoren",
        "Over het Leidse trainingstraject en de mentoren die nieuwkomers een netwerk geven.",
        round=ROUND_1,
        room="Glaszaal",
        capacity=60,
        practices=(LEIDEN_STATUSHOUDERS,),
        hosts=(KEIZER, EL_AMRANI),
    ),
    SessionData(
        "workshop-schuldpreventie",
        "workshop",
        "Schulden voorkomen met een brede coalitie",
        "Leeuwarden laat zien hoe signalen van achterstanden vroeg bij de juiste mensen komen.",
        round=ROUND_1,
        room="Het Hofje",
        capacity=30,
        practices=(SCHULDPREVENTIE,),
        hosts=(BOERSMA, VISSER),
    ),
    SessionData(
        "workshop-buurt-tapas",
        "workshop",
        "Buurt-tapas: buren betrekken die je zelden ziet",
        "Bewoners van Sunny Selwerd vertellen hoe ze hun buurt bij elkaar brengen.",
        round=ROUND_1,
        room="De Blazerij",
        capacity=24,
        practices=(BUURT_TAPAS,),
        hosts=(VEENSTRA, MULDER),
    ),
    SessionData(
        "workshop-almere-wijkteams",
        "workshop",
        "Twee culturen, één aanpak: wijkteams en Werk & Inkomen",
        "Wat er gebeurt als je rechtmatigheid en zorg samen aan tafel zet.",
        round=ROUND_2,
        room="Glaszaal",
        capacity=50,
        practices=(ALMERE_WIJKTEAMS,),
        hosts=(PIETERSE, BAKKER),
    ),
    SessionData(
        "workshop-thuis-in-dalfsen",
        "workshop",
        "Thuis in Dalfsen: verhalen, diners en een netwerkmakelaar",
        "Een kleine gemeente die nieuwkomers en bewoners met elkaar verbindt.",
        round=ROUND_2,
        room="Lingezaal",
        capacity=40,
        practices=(THUIS_IN_DALFSEN, NETWERKMAKELAAR, KOFFIE_EN_TAAL),
        hosts=(WESSELS, HADDAD),
    ),
    SessionData(
        "workshop-binthout",
        "workshop",
        "Maakt niet uit uit welk potje: sociale houtzagerij Binthout",
        "Dagbesteding en re-integratie onder één dak, en hoe je de financiering rondkrijgt.",
        round=ROUND_2,
        room="Atelier",
        capacity=20,
        practices=(HOUTZAGERIJ,),
        hosts=(LAMMERS, WOLTERS),
    ),
    SessionData(
        "workshop-wijkambassadeurs",
        "workshop",
        "Wijkambassadeurs: van buiten naar binnen werken",
        "Hoe een fusiegemeente leert luisteren naar haar buurten.",
        round=ROUND_2,
        room="Leeskamer",
        capacity=15,
        practices=(WIJKAMBASSADEURS,),
        hosts=(OOSTERHOUT, VAN_LEEUWEN),
    ),
    SessionData(
        "workshop-project-door",
        "workshop",
        "Project DOOR: aanbellen en luisteren",
        "Sociaal werkers over hun gesprekken met mensen in de bijstand en wat daaruit groeide.",
        round=ROUND_3,
        room="Het Hofje",
        capacity=30,
        practices=(DOOR,),
        hosts=(VERHOEVEN, KEIZER),
    ),
    SessionData(
        "workshop-filmavonden",
        "workshop",
        "Filmavonden: verhalen van statushouders op het doek",
        "Met fragmenten, en een gesprek over wat een film losmaakt in een dorp.",
        round=ROUND_3,
        room="De Blazerij",
        capacity=25,
        practices=(FILMAVONDEN,),
        hosts=(VAN_DAM, RAHIMI),
    ),
    SessionData(
        "workshop-sterke-sociale-basis",
        "workshop",
        "Een sterke sociale basis: welzijnswerk aanbesteden",
        "Wat Leiden leerde van het aanbesteden van het welzijnswerk.",
        round=ROUND_3,
        room="Glaszaal",
        capacity=60,
        practices=(SOCIALE_BASIS,),
        hosts=(DE_WAAL,),
    ),
    SessionData(
        "excursion-leerdam",
        "excursion",
        "Werkbezoek: integrale aanpak van armoede en participatie in Leerdam",
        (
            "We lopen naar het atelier van Syndion in het oude gemeentehuis en naar de "
            "bibliotheek, waar een jobcoach vertelt hoe een deelnemer van een paar uur per week "
            "naar een volle baan groeide. De kwartiermaker van het Participatieproject vertelt "
            "hoe de partners samenwerken. Verzamelen bij de ingang; stevige schoenen aanbevolen."
        ),
        round=ROUND_3,
        capacity=20,
        practices=(LEERDAM_AANPAK, PARTICIPATIEPROJECT, ATELIER),
        hosts=(GROEN, KOSTER, HOFMAN),
    ),
    SessionData(
        "closing-parade-2027",
        "plenary",
        "Afsluiting: dit ga ik doen",
        (
            "Iedereen schrijft op wat hij of zij mee naar huis neemt. Een paar deelnemers "
            "vertellen hun voornemen; over zes weken vragen we hoe het ermee staat."
        ),
        round=CLOSING,
        hosts=(VAN_DER_MEULEN, SMIT),
    ),
    *(
        SessionData(
            f"stand-{key}",
            "stand",
            f"Stand: {title}",
            "Loop langs, stel je vragen en neem een voorbeeld mee naar huis.",
            practices=(title,),
            hosts=(host,),
        )
        for key, title, host in (
            ("regiebox", REGIEBOX, DE_VRIES),
            ("almere-wijkteams", ALMERE_WIJKTEAMS, BAKKER),
            ("thuis-in-dalfsen", THUIS_IN_DALFSEN, WESSELS),
            ("filmavonden", FILMAVONDEN, RAHIMI),
            ("buurt-tapas", BUURT_TAPAS, MULDER),
            ("binthout", HOUTZAGERIJ, WOLTERS),
            ("schuldpreventie", SCHULDPREVENTIE, VISSER),
            ("leiden-statushouders", LEIDEN_STATUSHOUDERS, EL_AMRANI),
            ("project-door", DOOR, VERHOEVEN),
            ("participatieproject", PARTICIPATIEPROJECT, HOFMAN),
            ("atelier-syndion", ATELIER, SCHOUTEN),
            ("wijkambassadeurs", WIJKAMBASSADEURS, VAN_LEEUWEN),
        )
    ),
)

# The report of the third edition, retold with invented names (not loaded: the pairs and
# pledges domains own those tables; kept here so their demo loaders can use the same texts).

PAIRS: tuple[PairData, ...] = (
    PairData(
        "App voor uitvoering zorg & Culturen samenbrengen",
        HOEKSTRA,
        PIETERSE,
        (
            "Waadhoeke: onze consulenten bouwden zelf een app, Regiebox, vanuit de vraag wat "
            "zij nodig hebben.",
            "Almere: wij brachten de wijkteams en Werk & Inkomen samen, te beginnen op de "
            "werkvloer. Ze leerden elkaar vertrouwen en vonden betere oplossingen.",
        ),
    ),
    PairData(
        "Netwerkmakelaar & Filmavonden",
        WESSELS,
        VAN_DAM,
        (
            "Stichtse Vecht: hoe laten we 400 statushouders in twaalf kernen meedoen?",
            "Dalfsen: met portretten, integratiediners, koffie-en-taalavonden en een "
            "netwerkmakelaar die nieuwkomers met bewoners verbindt.",
            "Stichtse Vecht: wij vertonen films met verhalen van statushouders.",
        ),
    ),
)

PLEDGES: tuple[PledgeData, ...] = (
    PledgeData(
        "Twee vliegen in één klap",
        "Mensen in de bijstand inzetten om ouderen te ondersteunen: door de juiste partijen "
        "samen te brengen, moet dat bij ons ook kunnen.",
        "Wim Hulshof",
        "Gemeente Aalten",
    ),
    PledgeData(
        "Buurtcontact ook privé toepassen",
        "Ik woon in een nieuwe straat. Net als in Sunny Selwerd ga ik buren die ik zelden zie "
        "bij de buurt betrekken, met buurt-tapas.",
        "Jolanda Kramer",
        "Welzijn de Wolden",
    ),
    PledgeData(
        "Maakt niet uit waar geld vandaan komt",
        "Nog meer ruimte zoeken om de inwoner voorop te zetten, zoals Binthout dagbesteding en "
        "re-integratie combineert.",
        "Ellen Dijkman",
        "Gemeente Enschede",
    ),
    PledgeData(
        "Ook via inkoop minima helpen besparen",
        "Schuldpreventie aan de voorkant, en als gemeente zuinige koelkasten inkopen zodat "
        "huishoudens met weinig geld besparen.",
        "Ruud Beekman",
        "Gemeente Aa en Hunze",
    ),
)
