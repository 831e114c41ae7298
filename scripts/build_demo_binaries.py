"""Build the demo knowledge base's PDF, DOCX and ODT documents from the texts in this script."""

import datetime as dt
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from odf import dc, meta
from odf import style as odf_style
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText
from reportlab import platypus
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

DEMO_DIR = Path(__file__).resolve().parents[1] / "assets" / "demo"
FIXED_ZIP_TIME = (2026, 7, 1, 0, 0, 0)


# --- Document model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    entries: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Grid:
    """A table; the first row is the header."""

    rows: tuple[tuple[str, ...], ...]


Block = Heading | Para | Items | Grid


@dataclass(frozen=True)
class Doc:
    title: str
    subtitle: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    date: dt.datetime
    blocks: tuple[Block, ...]


# --- Texts ------------------------------------------------------------------------------------

HAUSORDNUNG = Doc(
    title="Hausordnung für die Dienstgebäude der Kreisverwaltung Lindenau",
    subtitle="Stand: 15. Juni 2026 · gültig ab 1. Juli 2026 · Haupt- und Organisationsamt",
    author="Kreisverwaltung Lindenau, Haupt- und Organisationsamt",
    subject="Hausordnung: Öffnungszeiten, Besucher, Fundsachen, Brandschutz, Sitzungsräume",
    keywords=(
        "Hausordnung",
        "Öffnungszeiten",
        "Besucher",
        "Fundsachen",
        "Brandschutz",
        "Rauchverbot",
        "Fahrräder",
        "Sitzungsräume",
    ),
    date=dt.datetime(2026, 6, 15, 9, 0, 0),
    blocks=(
        Heading(1, "1. Geltungsbereich und Hausrecht"),
        Para(
            "Diese Hausordnung gilt für das Kreishaus (Haus A, Lindenplatz 1), Haus B "
            "(Bahnhofstraße 8) und Haus C (Industriestraße 22) einschließlich der Innenhöfe, "
            "Parkplätze und Fahrradabstellanlagen. Sie gilt für alle Beschäftigten, für die "
            "Mitglieder des Kreistages sowie für Besucherinnen und Besucher."
        ),
        Para(
            "Das Hausrecht übt der Landrat aus. Er hat es auf die Leitung des Haupt- und "
            "Organisationsamtes, Frank Albers, übertragen. In den einzelnen Gebäuden nehmen es "
            "außerdem die Beschäftigten des Empfangs, die Hausmeister und der Wachdienst wahr. "
            "Ihren Anweisungen ist Folge zu leisten. Wer gegen die Hausordnung verstößt, kann des "
            "Hauses verwiesen werden; bei schweren oder wiederholten Verstößen kann ein "
            "Hausverbot ausgesprochen werden."
        ),
        Heading(1, "2. Öffnungszeiten"),
        Heading(2, "2.1 Zeiten für Bürgerinnen und Bürger"),
        Grid(
            (
                ("Tag", "Haus A und Haus B", "Haus C (Zulassung und Fahrerlaubnisse)"),
                ("Montag", "8:00 bis 12:00 Uhr", "7:30 bis 12:30 Uhr"),
                ("Dienstag", "8:00 bis 12:00 Uhr", "7:30 bis 12:30 Uhr"),
                ("Mittwoch", "nur nach Terminvereinbarung", "7:30 bis 12:30 Uhr"),
                (
                    "Donnerstag",
                    "8:00 bis 12:00 Uhr und 14:00 bis 17:30 Uhr",
                    "7:30 bis 12:30 Uhr und 14:00 bis 17:30 Uhr",
                ),
                ("Freitag", "8:00 bis 12:00 Uhr", "7:30 bis 12:00 Uhr"),
            )
        ),
        Para(
            "Termine außerhalb dieser Zeiten können mit den Fachämtern vereinbart werden. Am "
            "24. und 31. Dezember sind alle Dienstgebäude geschlossen."
        ),
        Heading(2, "2.2 Zeiten für Beschäftigte"),
        Para(
            "Beschäftigte haben mit ihrem Dienstausweis montags bis freitags von 6:00 bis "
            "20:00 Uhr Zutritt zu den Dienstgebäuden. Für andere Zeiten, für Wochenenden und "
            "Feiertage ist eine Sonderberechtigung erforderlich, die die Amtsleitung beim Haupt- "
            "und Organisationsamt beantragt. Wer sich außerhalb der Zutrittszeiten im Gebäude "
            "aufhält, meldet sich beim Wachdienst (Tel. 02551 69-1199)."
        ),
        Para(
            "Der Empfang in Haus A ist montags bis freitags von 6:30 bis 19:00 Uhr besetzt und "
            "unter Tel. 02551 69-1111 erreichbar."
        ),
        Heading(1, "3. Besucherinnen und Besucher"),
        Items(
            (
                "Wer nicht nur einen öffentlichen Wartebereich aufsucht, meldet sich am Empfang "
                "und erhält einen Besucherausweis. Er ist sichtbar zu tragen und beim Verlassen "
                "des Hauses zurückzugeben.",
                "Die gastgebende Person holt den Besuch am Empfang ab, begleitet ihn in nicht "
                "öffentlichen Bereichen und bringt ihn wieder zum Ausgang.",
                "Gruppen ab fünf Personen werden am Vortag per E-Mail an "
                "empfang@kreis-lindenau.example angemeldet.",
                "Handwerksbetriebe und Dienstleister melden sich beim Hausmeister an. Arbeiten in "
                "Büros werden vorher mit den Nutzerinnen und Nutzern abgestimmt.",
                "Foto-, Film- und Tonaufnahmen sind nur mit Zustimmung der Pressestelle "
                "(Tim Oberländer, Tel. 02551 69-1015) erlaubt. Für öffentliche Sitzungen des "
                "Kreistages gilt dessen Geschäftsordnung.",
                "Werbung, Verkauf, das Verteilen von Flugblättern und Unterschriftensammlungen "
                "sind nicht erlaubt. Ausgenommen sind Aushänge des Personalrats und der anderen "
                "Interessenvertretungen an den dafür vorgesehenen Brettern.",
                "Tiere dürfen nicht mitgebracht werden; Assistenz- und Blindenführhunde sind "
                "ausgenommen.",
            )
        ),
        Heading(1, "4. Fundsachen"),
        Para(
            "Gegenstände, die in den Dienstgebäuden, auf den Parkplätzen oder in "
            "Dienstfahrzeugen gefunden werden, sind unverzüglich beim Empfang des jeweiligen "
            "Hauses abzugeben. Der Empfang trägt Fundort, Fundzeit und die Person, die den "
            "Gegenstand gefunden hat, in das Fundbuch ein."
        ),
        Items(
            (
                "Fundsachen werden vier Wochen am Empfang von Haus A aufbewahrt und danach an das "
                "Fundbüro der Stadt Lindenau abgegeben.",
                "Geldbörsen, Schmuck, Mobiltelefone und Ausweisdokumente werden im Tresor des "
                "Empfangs verwahrt und spätestens nach einer Woche an das Fundbüro übergeben.",
                "Gefundene Dienstausweise und Schlüssel gehen sofort an das Haupt- und "
                "Organisationsamt. Gefundene Datenträger wie USB-Sticks oder Speicherkarten "
                "werden ungeprüft am Service-Desk (Raum A 3.02) abgegeben; sie dürfen nicht an "
                "einen Rechner angeschlossen werden.",
                "Nach verlorenen Gegenständen fragen Sie beim Empfang, Tel. 02551 69-1111. Die "
                "Herausgabe erfolgt gegen Unterschrift und Nachweis des Eigentums.",
            )
        ),
        Heading(1, "5. Brandschutz und Räumung"),
        Heading(2, "5.1 Vorbeugender Brandschutz"),
        Items(
            (
                "Flucht- und Rettungswege, Treppenhäuser und Notausgänge sind jederzeit "
                "freizuhalten. Dort dürfen keine Möbel, Kartons, Akten, Fahrräder oder "
                "Kinderwagen stehen.",
                "Brandschutztüren dürfen nicht verkeilt oder festgebunden werden. Türen mit "
                "Feststellanlage schließen im Alarmfall selbsttätig.",
                "Private Elektrogeräte wie Kaffeemaschinen, Wasserkocher und Ladegeräte dürfen "
                "nur nach Prüfung durch die Elektrofachkraft betrieben werden; die Prüfung "
                "vermittelt der Hausmeister. Heizlüfter sind verboten.",
                "Kerzen und offenes Feuer sind in allen Gebäuden verboten, auch in der "
                "Adventszeit.",
                "Feuerlöscher hängen in jedem Flur. Ihr Standort ist in den Flucht- und "
                "Rettungsplänen eingetragen.",
            )
        ),
        Heading(2, "5.2 Verhalten im Brandfall"),
        Items(
            (
                "Ruhe bewahren. Das Feuer über den nächsten Druckknopfmelder melden und "
                "zusätzlich die Feuerwehr rufen: 0-112 vom Diensttelefon.",
                "Den Empfang von Haus A informieren, Tel. 02551 69-1111.",
                "Gefährdete Personen warnen. Einen Löschversuch nur unternehmen, wenn das ohne "
                "Gefahr für die eigene Person möglich ist.",
                "Beim Räumungsalarm (Dauerton) das Gebäude sofort über die gekennzeichneten "
                "Fluchtwege verlassen. Aufzüge nicht benutzen. Fenster und Türen schließen, aber "
                "nicht abschließen.",
                "Besucherinnen und Besucher mitnehmen und Menschen mit Behinderungen unterstützen.",
                "Zum Sammelplatz gehen und dort bleiben, bis die Einsatzleitung das Gebäude "
                "wieder freigibt.",
            ),
            numbered=True,
        ),
        Heading(2, "5.3 Sammelplätze und Räumungshelfer"),
        Grid(
            (
                ("Gebäude", "Sammelplatz"),
                ("Haus A, Lindenplatz 1", "Lindenplatz vor dem Haupteingang"),
                ("Haus B, Bahnhofstraße 8", "Parkplatz gegenüber dem Eingang"),
                ("Haus C, Industriestraße 22", "Ende des Parkplatzes an der Industriestraße"),
            )
        ),
        Para(
            "Auf jeder Etage sind Räumungshelferinnen und Räumungshelfer benannt. Sie tragen im "
            "Alarmfall gelbe Warnwesten, kontrollieren die Räume ihres Bereichs und melden das "
            "Ergebnis am Sammelplatz der Einsatzleitung. Einmal im Jahr findet in jedem Gebäude "
            "eine Räumungsübung statt; die Teilnahme ist für alle Anwesenden verpflichtend."
        ),
        Heading(1, "6. Rauchverbot"),
        Para(
            "In allen Dienstgebäuden, in Dienstfahrzeugen und im Umkreis von zehn Metern um die "
            "Gebäudeeingänge ist das Rauchen verboten. Das Verbot gilt auch für E-Zigaretten und "
            "Tabakerhitzer. Geraucht werden darf nur im ausgeschilderten Raucherbereich im "
            "Innenhof von Haus A sowie an den gekennzeichneten Stellen am Rand der Parkplätze "
            "von Haus B und Haus C. Zigarettenreste gehören in die dort aufgestellten Ascher. "
            "Raucherpausen sind Pausen im Sinne der Arbeitszeitregelung und werden gebucht."
        ),
        Heading(1, "7. Fahrräder und Fahrzeuge"),
        Items(
            (
                "Fahrräder, Pedelecs und E-Scooter werden im Fahrradkeller von Haus A (Zugang "
                "vom Innenhof mit dem Dienstausweis) oder an den überdachten Fahrradbügeln vor "
                "Haus B und Haus C abgestellt. In Fluren, Treppenhäusern, Büros und vor "
                "Notausgängen ist das Abstellen verboten.",
                "Akkus von Pedelecs und E-Scootern werden nur an den gekennzeichneten "
                "Steckdosen im Fahrradkeller geladen, nicht in Büros.",
                "Erkennbar nicht mehr genutzte Fahrräder kennzeichnet der Hausmeister mit einer "
                "Banderole. Werden sie nicht innerhalb von vier Wochen entfernt, werden sie als "
                "Fundsache behandelt.",
                "Auf dem Mitarbeiterparkplatz P1 und im Innenhof von Haus B dürfen nur "
                "Fahrzeuge mit gültiger Parkberechtigung parken. Es gilt die "
                "Straßenverkehrsordnung; auf dem Gelände ist Schrittgeschwindigkeit zu fahren.",
                "Feuerwehrzufahrten und Aufstellflächen sind immer freizuhalten. Falsch "
                "abgestellte Fahrzeuge werden auf Kosten der Halterin oder des Halters "
                "abgeschleppt.",
                "Ladepunkte für Elektrofahrzeuge dürfen nur während des Ladevorgangs belegt "
                "werden.",
            )
        ),
        Heading(1, "8. Sitzungsräume buchen"),
        Para(
            "Die Sitzungsräume stehen allen Ämtern für dienstliche Besprechungen, Schulungen und "
            "Termine mit Gästen zur Verfügung. Mit Ausnahme des Kreistagssaals und des "
            "Schulungsraums werden sie über die Raumkalender in Outlook gebucht."
        ),
        Grid(
            (
                ("Raum", "Plätze", "Ausstattung", "Buchung"),
                (
                    "Kreistagssaal, A 1.20",
                    "120",
                    "Konferenzanlage, Beamer, Übertragungstechnik",
                    "Kreistagsbüro, Claudia Reinholz, Tel. 02551 69-1000, mindestens zwei "
                    "Wochen vorher",
                ),
                (
                    "Sitzungsraum „Linde“, A 1.22",
                    "20",
                    "großer Bildschirm, Videokonferenzsystem",
                    "Outlook-Raumkalender",
                ),
                (
                    "Sitzungsraum „Eiche“, A 3.10",
                    "12",
                    "Bildschirm, Whiteboard",
                    "Outlook-Raumkalender",
                ),
                (
                    "Besprechungsraum B 0.10",
                    "16",
                    "Beamer, Videokonferenzsystem",
                    "Outlook-Raumkalender",
                ),
                (
                    "Schulungsraum A 0.12",
                    "16 PC-Plätze",
                    "Schulungsrechner, Beamer",
                    "Personalamt, Jonas Keller, Tel. 02551 69-2150",
                ),
            )
        ),
        Items(
            (
                "Der Kreistag und seine Ausschüsse haben Vorrang. Gebuchte Termine können für "
                "Gremiensitzungen verlegt werden; das Kreistagsbüro informiert rechtzeitig.",
                "Buchen Sie nur die Zeit, die Sie tatsächlich brauchen. Serientermine sind "
                "höchstens sechs Monate im Voraus zulässig.",
                "Wird ein Termin abgesagt, ist die Buchung sofort zu löschen.",
                "Bewirtung bestellen Sie spätestens drei Arbeitstage vorher mit dem "
                "Bewirtungsformular bei der Kantine.",
                "Hinterlassen Sie den Raum ordentlich: Tische abwischen, Geschirr auf den "
                "Servierwagen stellen, Fenster schließen, Licht und Technik ausschalten, "
                "Whiteboard reinigen.",
                "Technische Probleme melden Sie dem Service-Desk (Tel. 02551 69-3333), Probleme "
                "mit Mobiliar oder Heizung dem Hausmeister (Tel. 02551 69-1040).",
            )
        ),
        Heading(1, "9. Ordnung, Sicherheit und Energie"),
        Items(
            (
                "Büros werden am Ende des Arbeitstages abgeschlossen, die Fenster geschlossen. "
                "Vertrauliche Unterlagen werden verschlossen aufbewahrt.",
                "Licht und nicht benötigte Geräte werden ausgeschaltet, wenn ein Raum länger als "
                "eine halbe Stunde nicht genutzt wird.",
                "Schäden an Gebäude und Einrichtung sind dem Hausmeister zu melden.",
                "Alkohol und andere berauschende Mittel sind während der Dienstzeit verboten. "
                "Ausnahmen für dienstliche Empfänge bedürfen der Zustimmung der Amtsleitung.",
                "Wertsachen sollten nicht offen im Büro liegen. Für abhandengekommene private "
                "Gegenstände haftet die Kreisverwaltung nur bei Verschulden.",
            )
        ),
        Heading(1, "10. Wichtige Rufnummern"),
        Grid(
            (
                ("Anlass", "Stelle", "Telefon"),
                ("Feuer, Unfall, medizinischer Notfall", "Feuerwehr und Rettungsdienst", "0-112"),
                ("Notfall, Einweisung der Rettungskräfte", "Empfang Haus A", "02551 69-1111"),
                ("außerhalb der Öffnungszeiten des Empfangs", "Wachdienst", "02551 69-1199"),
                ("Schäden, Heizung, Schlüssel", "Hausmeister Dieter Pohl", "02551 69-1040"),
                (
                    "Räume, Parkplätze, Hausrecht",
                    "Torsten Wiegand, Liegenschaften",
                    "02551 69-1042",
                ),
                ("Dienstausweise, Zutrittsrechte", "Sandra Meier", "02551 69-1045"),
                ("Technik in Sitzungsräumen", "Service-Desk", "02551 69-3333"),
                ("Brandschutz, Arbeitssicherheit", "Oliver Strauch", "02551 69-1080"),
            )
        ),
        Heading(1, "11. Inkrafttreten"),
        Para(
            "Diese Hausordnung tritt am 1. Juli 2026 in Kraft. Gleichzeitig tritt die "
            "Hausordnung vom 1. März 2019 außer Kraft."
        ),
        Para("Lindenau, den 15. Juni 2026"),
        Para("Dr. Matthias Berghoff, Landrat"),
    ),
)

MERKBLATT_ELTERNZEIT = Doc(
    title="Merkblatt Elternzeit und Teilzeit",
    subtitle="Personalamt der Kreisverwaltung Lindenau · Stand: 1. Juli 2026",
    author="Kreisverwaltung Lindenau, Personalamt",
    subject="Mutterschutz, Elternzeit, Teilzeit und Beurlaubung ohne Bezüge",
    keywords=("Elternzeit", "Teilzeit", "Beurlaubung", "Mutterschutz", "Elterngeld"),
    date=dt.datetime(2026, 7, 1, 9, 0, 0),
    blocks=(
        Para(
            "Dieses Merkblatt gibt einen Überblick über Mutterschutz, Elternzeit, Teilzeit und "
            "Beurlaubung ohne Bezüge. Es ersetzt keine Beratung im Einzelfall. Sprechen Sie uns "
            "frühzeitig an, am besten sobald Sie wissen, dass sich Ihre Lebenssituation ändert. "
            "Je früher wir planen können, desto besser lassen sich Ihre Wünsche mit den "
            "Anforderungen des Dienstes vereinbaren."
        ),
        Heading(1, "1. Mutterschutz"),
        Para(
            "Bitte teilen Sie Ihre Schwangerschaft und den voraussichtlichen Entbindungstermin "
            "dem Personalamt mit, sobald Sie davon wissen. Die Mitteilung wird vertraulich "
            "behandelt. Nur so kann die Gefährdungsbeurteilung Ihres Arbeitsplatzes rechtzeitig "
            "angepasst werden."
        ),
        Items(
            (
                "Die Schutzfrist beginnt sechs Wochen vor dem errechneten Entbindungstermin. In "
                "dieser Zeit arbeiten Sie nur, wenn Sie es ausdrücklich wünschen.",
                "Nach der Entbindung dürfen Sie acht Wochen nicht beschäftigt werden, bei Früh- "
                "oder Mehrlingsgeburten und bei einer Behinderung des Kindes zwölf Wochen.",
                "Während der Schutzfristen erhalten Sie Mutterschaftsgeld von der Krankenkasse "
                "und einen Zuschuss der Kreisverwaltung, sodass Sie insgesamt etwa Ihr "
                "bisheriges Nettoentgelt bekommen.",
                "Für Beamtinnen gilt die Mutterschutzverordnung des Landes; die Bezüge werden "
                "während der Schutzfristen weitergezahlt.",
            )
        ),
        Heading(1, "2. Elternzeit"),
        Heading(2, "2.1 Anspruch"),
        Para(
            "Mütter und Väter haben nach dem Bundeselterngeld- und Elternzeitgesetz (BEEG) für "
            "jedes Kind Anspruch auf bis zu drei Jahre Elternzeit, längstens bis zum achten "
            "Geburtstag des Kindes. Bis zu 24 Monate davon können zwischen dem dritten und dem "
            "achten Geburtstag genommen werden. Beide Elternteile können gleichzeitig oder "
            "nacheinander in Elternzeit gehen. Jeder Elternteil kann seine Elternzeit auf bis zu "
            "drei Abschnitte verteilen; für weitere Abschnitte ist die Zustimmung der "
            "Kreisverwaltung nötig. Für Beamtinnen und Beamte gilt die Elternzeitverordnung des "
            "Landes mit vergleichbarem Inhalt."
        ),
        Heading(2, "2.2 Anmeldung und Fristen"),
        Para(
            "Die Elternzeit muss schriftlich mit eigenhändiger Unterschrift beim Personalamt "
            "angemeldet werden. Eine E-Mail reicht nicht aus. Das Formular „Anmeldung "
            "Elternzeit“ finden Sie im LinNet unter „Personal > Formulare“."
        ),
        Grid(
            (
                ("Elternzeit", "Anmeldung spätestens"),
                ("bis zum dritten Geburtstag des Kindes", "sieben Wochen vor Beginn"),
                ("zwischen dem dritten und dem achten Geburtstag", "13 Wochen vor Beginn"),
                (
                    "Elternzeit des Vaters oder des anderen Elternteils ab der Geburt",
                    "sieben Wochen vor dem errechneten Geburtstermin",
                ),
            )
        ),
        Para(
            "Wer Elternzeit für die Zeit bis zum dritten Geburtstag anmeldet, muss gleichzeitig "
            "verbindlich erklären, für welche Zeiten innerhalb der ersten zwei Jahre Elternzeit "
            "genommen wird."
        ),
        Heading(2, "2.3 Elterngeld"),
        Para(
            "Elternzeit und Elterngeld sind zwei verschiedene Dinge: Die Elternzeit melden Sie "
            "bei uns als Arbeitgeber an, das Elterngeld beantragen Sie bei der Elterngeldstelle "
            "Ihres Wohnortes. Wohnen Sie im Landkreis Lindenau, ist das die Elterngeldstelle im "
            "Jugendamt (Haus B, Bahnhofstraße 8, Tel. 02551 69-8150). Die für den Antrag nötige "
            "Entgeltbescheinigung stellt Ihnen das Personalamt auf Anforderung aus."
        ),
        Heading(2, "2.4 Was sich während der Elternzeit ändert"),
        Items(
            (
                "Das Arbeitsverhältnis ruht. Entgelt wird nicht gezahlt, es sei denn, Sie "
                "arbeiten in Teilzeit.",
                "Gesetzlich Krankenversicherte bleiben während der Elternzeit beitragsfrei "
                "versichert. Privat Versicherte klären die Beiträge mit ihrer Versicherung.",
                "Der Erholungsurlaub wird für jeden vollen Kalendermonat der Elternzeit um ein "
                "Zwölftel gekürzt. Arbeiten Sie während der Elternzeit in Teilzeit, entfällt die "
                "Kürzung.",
                "Jobticket und Parkberechtigung ruhen und leben nach der Rückkehr wieder auf.",
                "Ihr Benutzerkonto bleibt bestehen. Auf Wunsch können Sie das LinNet weiter "
                "lesen und werden zu Personalversammlungen und Fortbildungen eingeladen.",
            )
        ),
        Heading(2, "2.5 Teilzeit während der Elternzeit"),
        Para(
            "Während der Elternzeit dürfen Sie bis zu 32 Stunden pro Woche im Monatsdurchschnitt "
            "arbeiten. Den Antrag stellen Sie schriftlich, am besten zusammen mit der Anmeldung "
            "der Elternzeit. Die Kreisverwaltung kann ihn nur aus dringenden dienstlichen Gründen "
            "ablehnen, und zwar innerhalb von vier Wochen schriftlich mit Begründung. In der "
            "Praxis finden wir fast immer eine Lösung."
        ),
        Heading(1, "3. Teilzeit außerhalb der Elternzeit"),
        Para(
            "Auch unabhängig von der Elternzeit können Sie Ihre Arbeitszeit verringern. Es gibt "
            "mehrere Wege:"
        ),
        Grid(
            (
                ("Form", "Voraussetzung", "Dauer"),
                (
                    "Teilzeit nach § 11 TVöD",
                    "Betreuung eines Kindes unter 18 Jahren oder Pflege einer pflegebedürftigen "
                    "Angehörigen bzw. eines Angehörigen",
                    "auf Antrag bis zu fünf Jahre; Verlängerung spätestens sechs Monate vor "
                    "Ablauf beantragen",
                ),
                (
                    "Teilzeit nach dem Teilzeit- und Befristungsgesetz",
                    "keine besonderen Gründe erforderlich",
                    "unbefristet",
                ),
                (
                    "Brückenteilzeit",
                    "keine besonderen Gründe erforderlich",
                    "ein bis fünf Jahre, danach Rückkehr zur früheren Arbeitszeit",
                ),
                (
                    "Teilzeit für Beamtinnen und Beamte",
                    "nach dem Landesbeamtengesetz, familienbedingt oder ohne besonderen Grund",
                    "je nach Art befristet oder unbefristet",
                ),
            )
        ),
        Heading(2, "3.1 So stellen Sie den Antrag"),
        Items(
            (
                "Sprechen Sie zuerst mit Ihrer Führungskraft über den Umfang und die Verteilung "
                "der Stunden auf die Wochentage.",
                "Füllen Sie das Formular „Antrag auf Teilzeit“ aus dem LinNet aus. Der Antrag "
                "sollte spätestens drei Monate vor dem gewünschten Beginn beim Personalamt sein.",
                "Ihre Führungskraft nimmt Stellung. Der Personalrat und auf Wunsch die "
                "Gleichstellungsbeauftragte werden beteiligt.",
                "Sie erhalten einen Änderungsvertrag bzw. eine Verfügung. Die neue "
                "Stundenverteilung wird im Zeitportal hinterlegt.",
            ),
            numbered=True,
        ),
        Para(
            "Bitte bedenken Sie: Weniger Stunden bedeuten ein geringeres Entgelt und geringere "
            "Ansprüche in der Zusatzversorgung und der Rentenversicherung. Eine Beispielrechnung "
            "erstellt Ihnen das Personalamt gern."
        ),
        Heading(1, "4. Beurlaubung ohne Bezüge"),
        Para(
            "Wenn Sie Ihre Tätigkeit für längere Zeit ganz oder teilweise unterbrechen möchten, "
            "kommen folgende Möglichkeiten in Betracht:"
        ),
        Items(
            (
                "Sonderurlaub nach § 28 TVöD bei einem wichtigen Grund, etwa der Betreuung von "
                "Kindern oder der Pflege von Angehörigen. Die Kreisverwaltung gewährt ihn in der "
                "Regel für bis zu fünf Jahre.",
                "Pflegezeit nach dem Pflegezeitgesetz: vollständige oder teilweise Freistellung "
                "für bis zu sechs Monate zur Pflege einer oder eines nahen Angehörigen. Kündigen "
                "Sie sie spätestens zehn Arbeitstage vor Beginn schriftlich an.",
                "Kurzzeitige Arbeitsverhinderung: bis zu zehn Arbeitstage, wenn in einer akuten "
                "Situation die Pflege organisiert werden muss. Die Pflegekasse zahlt dafür "
                "Pflegeunterstützungsgeld.",
                "Familienpflegezeit: teilweise Freistellung für bis zu 24 Monate bei mindestens "
                "15 Wochenstunden Arbeitszeit.",
                "Urlaub ohne Dienstbezüge für Beamtinnen und Beamte nach dem Landesbeamtengesetz.",
            )
        ),
        Para(
            "Während einer Beurlaubung ohne Bezüge kümmern Sie sich selbst um Ihre "
            "Krankenversicherung, zum Beispiel über eine Familienversicherung oder eine "
            "freiwillige Versicherung. Die Pflichtversicherung in der Zusatzversorgung ruht. Ob "
            "und wie die Zeit bei der Stufenlaufzeit berücksichtigt wird, erläutert Ihnen Ihre "
            "Personalsachbearbeitung."
        ),
        Heading(1, "5. Rückkehr in den Dienst"),
        Para(
            "Etwa drei Monate vor Ihrer Rückkehr lädt das Personalamt Sie und Ihre Führungskraft "
            "zu einem Rückkehrgespräch ein. Dabei klären wir Arbeitsplatz, Stundenumfang, "
            "mobiles Arbeiten und notwendige Fortbildungen. Einen Anspruch auf den bisherigen "
            "Arbeitsplatz gibt es nicht, wohl aber auf eine gleichwertige Tätigkeit. Denken Sie "
            "daran, rechtzeitig Dienstausweis und Zwei-Faktor-Anmeldung prüfen zu lassen."
        ),
        Heading(1, "6. Ihre Ansprechpartnerinnen und Ansprechpartner"),
        Grid(
            (
                ("Thema", "Ansprechperson", "Telefon", "E-Mail"),
                (
                    "Elternzeit, Teilzeit, Beurlaubung – Nachnamen A bis K",
                    "Petra Wendt",
                    "02551 69-2121",
                    "petra.wendt@kreis-lindenau.example",
                ),
                (
                    "Elternzeit, Teilzeit, Beurlaubung – Nachnamen L bis Z",
                    "Yusuf Arslan",
                    "02551 69-2122",
                    "yusuf.arslan@kreis-lindenau.example",
                ),
                (
                    "Grundsatzfragen",
                    "Michael Brandt, Leiter des Personalamts",
                    "02551 69-2100",
                    "michael.brandt@kreis-lindenau.example",
                ),
                (
                    "Vereinbarkeit von Beruf und Familie, vertrauliche Beratung",
                    "Elif Demir, Gleichstellungsbeauftragte",
                    "02551 69-1060",
                    "gleichstellung@kreis-lindenau.example",
                ),
                (
                    "Beteiligung bei Teilzeitanträgen",
                    "Rainer Scholz, Personalrat",
                    "02551 69-1070",
                    "personalrat@kreis-lindenau.example",
                ),
                (
                    "Elterngeld",
                    "Elterngeldstelle im Jugendamt",
                    "02551 69-8150",
                    "elterngeld@kreis-lindenau.example",
                ),
                (
                    "Mutterschutz am Arbeitsplatz",
                    "Oliver Strauch, Arbeitssicherheit",
                    "02551 69-1080",
                    "arbeitsschutz@kreis-lindenau.example",
                ),
            )
        ),
    ),
)

RICHTLINIE_MOBILE_GERAETE = Doc(
    title="Richtlinie für mobile Endgeräte",
    subtitle="Amt für IT und Digitalisierung der Kreisverwaltung Lindenau · Stand: 1. April 2026",
    author="Kreisverwaltung Lindenau, Amt für IT und Digitalisierung",
    subject="Diensthandys, Laptops, Verlustmeldung und private Nutzung",
    keywords=("Diensthandy", "Laptop", "Verlust", "Diebstahl", "private Nutzung"),
    date=dt.datetime(2026, 4, 1, 9, 0, 0),
    blocks=(
        Heading(1, "1. Zweck und Geltungsbereich"),
        Para(
            "Diese Richtlinie regelt den Umgang mit dienstlichen Laptops, Tablets und "
            "Diensthandys der Kreisverwaltung Lindenau. Sie gilt für alle Beschäftigten, denen "
            "ein mobiles Gerät überlassen wird, und ergänzt die Dienstvereinbarung zur Nutzung "
            "von IT, E-Mail und Internet sowie die Dienstvereinbarung Mobiles Arbeiten. Mobile "
            "Geräte sind besonders gefährdet: Sie können verloren gehen, gestohlen werden oder "
            "in ungesicherten Netzen betrieben werden. Deshalb gelten für sie zusätzliche Regeln."
        ),
        Heading(1, "2. Ausgabe der Geräte"),
        Heading(2, "2.1 Wer welches Gerät erhält"),
        Items(
            (
                "Dienstlaptop: alle Beschäftigten mit Büroarbeitsplatz. Der Laptop ersetzt den "
                "festen Arbeitsplatzrechner.",
                "Diensthandy: Beschäftigte im Außendienst und in Rufbereitschaften, "
                "Führungskräfte ab der Sachgebietsleitung sowie Beschäftigte, deren "
                "Erreichbarkeit unterwegs dienstlich erforderlich ist.",
                "Tablet: nur für besondere Aufgaben, etwa Kontrollen der Lebensmittelüberwachung "
                "oder Ortstermine der Bauaufsicht.",
            )
        ),
        Heading(2, "2.2 Beantragung und Übergabe"),
        Para(
            "Geräte beantragt die Führungskraft über das IT-Serviceportal. Die Ausgabe erfolgt "
            "am Service-Desk in Raum A 3.02 gegen Unterschrift auf dem Übergabeprotokoll. Mit "
            "Ihrer Unterschrift bestätigen Sie, dass Sie diese Richtlinie zur Kenntnis genommen "
            "haben. Geräte werden nicht per Hauspost verschickt."
        ),
        Heading(1, "3. Schutz der Geräte"),
        Heading(2, "3.1 Technische Vorgaben"),
        Para(
            "Alle mobilen Geräte werden zentral über die Geräteverwaltung (Mobile Device "
            "Management) des Amtes für IT und Digitalisierung eingerichtet. Folgende "
            "Einstellungen sind verbindlich und dürfen nicht verändert werden:"
        ),
        Items(
            (
                "Diensthandys und Tablets sind mit einer mindestens sechsstelligen PIN "
                "geschützt. Fingerabdruck oder Gesichtserkennung dürfen zusätzlich genutzt "
                "werden.",
                "Die Bildschirmsperre schaltet sich beim Diensthandy nach zwei Minuten, beim "
                "Laptop nach fünf Minuten ohne Eingabe ein.",
                "Die Festplatten der Laptops sind verschlüsselt. Beim Start fragt der Laptop eine "
                "Start-PIN ab, die Sie bei der Übergabe festlegen.",
                "Sicherheitsupdates werden automatisch verteilt. Starten Sie Ihr Gerät "
                "spätestens sieben Tage nach der Aufforderung neu. Geräte, die länger als 30 "
                "Tage keine Updates erhalten haben, werden vom Netz getrennt.",
                "Apps werden ausschließlich aus dem dienstlichen App-Katalog installiert. Das "
                "Umgehen der Herstellersperren („Rooten“, „Jailbreak“) ist verboten.",
            )
        ),
        Heading(2, "3.2 Sorgfalt im Alltag"),
        Items(
            (
                "Lassen Sie Geräte nie unbeaufsichtigt im Auto liegen, auch nicht über Nacht im "
                "Kofferraum, und nie sichtbar an öffentlichen Orten.",
                "Im Hotel gehört der Laptop in den Zimmersafe oder in das verschlossene Gepäck.",
                "Öffentliche WLAN-Netze in Bahn, Hotel oder Café nutzen Sie nur mit aktiver "
                "VPN-Verbindung.",
                "Transportieren Sie den Laptop in der gepolsterten Dienstasche.",
                "Arbeiten Sie in der Öffentlichkeit, verwenden Sie die Sichtschutzfolie und "
                "führen keine vertraulichen Telefonate.",
            )
        ),
        Heading(1, "4. Private Nutzung"),
        Para(
            "Dienstliche Geräte sind Arbeitsmittel. Eine private Nutzung ist grundsätzlich nicht "
            "gestattet. Im Einzelnen gilt:"
        ),
        Items(
            (
                "Laptops und Tablets werden ausschließlich dienstlich genutzt. Private Dateien, "
                "Fotos und Programme gehören nicht darauf.",
                "Mit dem Diensthandy sind kurze private Telefonate nur in dringenden "
                "Ausnahmefällen erlaubt, etwa um bei einer Verspätung die Kinderbetreuung zu "
                "informieren. Private Apps, private Konten und private Messenger-Dienste sind "
                "nicht zugelassen.",
                "Für dienstliche Kurznachrichten verwenden Sie ausschließlich den dienstlichen "
                "Messenger aus dem App-Katalog.",
                "Die Kamera des Diensthandys dient nur dienstlichen Zwecken, etwa der "
                "Dokumentation bei Ortsterminen. Fotos werden zeitnah in die E-Akte übernommen "
                "und danach auf dem Gerät gelöscht.",
                "Familienangehörige und andere Dritte dürfen dienstliche Geräte nicht benutzen.",
                "Private Smartphones, Tablets und Laptops dürfen weder für dienstliche Daten "
                "noch für die Zwei-Faktor-Anmeldung verwendet werden.",
            )
        ),
        Para(
            "Die Geräteverwaltung erfasst weder Standortdaten noch Gesprächs- oder "
            "Nachrichteninhalte. Sie sieht nur technische Angaben wie Gerätetyp, Softwarestand "
            "und installierte Apps. Das ist mit dem Personalrat vereinbart."
        ),
        Heading(1, "5. Reisen und Ausland"),
        Items(
            (
                "Dienstreisen ins Ausland melden Sie mindestens eine Woche vorher an "
                "mobilgeraete@kreis-lindenau.example. Das Roaming wird dann für den "
                "Reisezeitraum freigeschaltet; sonst ist die mobile Datennutzung außerhalb der "
                "EU gesperrt.",
                "In einige Staaten dürfen dienstliche Laptops nicht mitgenommen werden. Der "
                "Informationssicherheitsbeauftragte berät Sie vor der Reise.",
                "Auf private Reisen ins Ausland dürfen Dienstgeräte nicht mitgenommen werden. "
                "Mobiles Arbeiten aus dem Ausland ist nach der Dienstvereinbarung Mobiles "
                "Arbeiten nicht erlaubt.",
            )
        ),
        Heading(1, "6. Verlust oder Diebstahl melden"),
        Para(
            "Ein verlorenes oder gestohlenes Gerät ist ein Sicherheitsvorfall. Jede Minute "
            "zählt: Solange das Gerät nicht gesperrt ist, können Unbefugte auf dienstliche Daten "
            "zugreifen."
        ),
        Items(
            (
                "Melden Sie den Verlust sofort dem Service-Desk, Tel. 02551 69-3333. Außerhalb "
                "der Servicezeiten wenden Sie sich an den Empfang von Haus A (Tel. 02551 "
                "69-1111) oder an den Wachdienst (Tel. 02551 69-1199); von dort wird die "
                "IT-Rufbereitschaft verständigt.",
                "Die IT sperrt das Gerät und löscht es aus der Ferne. Ihr Kennwort wird "
                "vorsorglich zurückgesetzt.",
                "Bei Diebstahl erstatten Sie Anzeige bei der Polizei und senden das polizeiliche "
                "Aktenzeichen an informationssicherheit@kreis-lindenau.example.",
                "Waren personenbezogene Daten auf dem Gerät gespeichert oder darüber "
                "zugänglich, wird die Datenschutzbeauftragte beteiligt.",
                "Sie erhalten ein Ersatzgerät, sobald die Meldung vollständig ist.",
            ),
            numbered=True,
        ),
        Para(
            "Wer einen Verlust meldet, muss keine Nachteile befürchten. Eine Haftung kommt nur "
            "bei Vorsatz oder grober Fahrlässigkeit in Betracht, etwa wenn ein Laptop sichtbar im "
            "unverschlossenen Auto lag. Taucht ein als verloren gemeldetes Gerät wieder auf, "
            "schalten Sie es nicht ein, sondern geben es am Service-Desk ab."
        ),
        Heading(1, "7. Defekte und Schäden"),
        Para(
            "Defekte und Schäden, etwa ein gesprungenes Display oder ein schwacher Akku, melden "
            "Sie über das IT-Serviceportal. Reparaturen übernimmt ausschließlich das Amt für IT "
            "und Digitalisierung oder ein von ihm beauftragter Dienstleister. Bringen Sie "
            "dienstliche Geräte nicht in private Werkstätten. Für die Dauer der Reparatur "
            "erhalten Sie ein Leihgerät."
        ),
        Heading(1, "8. Rückgabe"),
        Para(
            "Scheiden Sie aus der Kreisverwaltung aus, wechseln Sie in einen Bereich ohne Bedarf "
            "an einem mobilen Gerät oder wird ein Gerät ausgetauscht, geben Sie es spätestens am "
            "letzten Arbeitstag mit Zubehör (Netzteil, Tasche, Hülle) am Service-Desk zurück. "
            "Die Geräte werden vollständig gelöscht. Private Daten können dabei nicht gesichert "
            "werden. Die Rufnummer eines Diensthandys bleibt bei der Kreisverwaltung."
        ),
        Heading(1, "9. Ansprechpartner"),
        Grid(
            (
                ("Thema", "Ansprechperson", "Telefon"),
                ("Diensthandys, Tablets, Roaming", "Daniel Schröder", "02551 69-3160"),
                ("Laptops, Störungen, Verlustmeldung", "Service-Desk", "02551 69-3333"),
                (
                    "Sicherheitsfragen",
                    "Markus Rehberg, Informationssicherheitsbeauftragter",
                    "02551 69-1055",
                ),
                ("Mobiles Arbeiten", "Michael Brandt, Personalamt", "02551 69-2100"),
            )
        ),
    ),
)


# --- PDF (reportlab) --------------------------------------------------------------------------

_PDF_MARGIN = 2.2 * cm
_PDF_STYLES = {
    "title": ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=17, leading=21, spaceAfter=6
    ),
    "subtitle": ParagraphStyle(
        "subtitle",
        fontName="Helvetica",
        fontSize=9.5,
        leading=12,
        spaceAfter=14,
        textColor=colors.HexColor("#444444"),
    ),
    1: ParagraphStyle(
        "h1",
        fontName="Helvetica-Bold",
        fontSize=13,
        leading=16,
        spaceBefore=12,
        spaceAfter=5,
    ),
    2: ParagraphStyle(
        "h2",
        fontName="Helvetica-Bold",
        fontSize=11,
        leading=14,
        spaceBefore=8,
        spaceAfter=4,
    ),
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14, spaceAfter=6),
    "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=9.5, leading=12),
    "head": ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=9.5, leading=12),
}


def build_pdf(doc: Doc, path: Path) -> None:
    """Write doc as an A4 PDF; a first pass into memory counts the pages for "Seite x von y"."""
    total_pages = _render_pdf(doc, BytesIO(), total_pages=0)
    _render_pdf(doc, str(path), total_pages=total_pages)


def _render_pdf(doc: Doc, target: str | BytesIO, *, total_pages: int) -> int:
    """Lay out doc with a footer (title, stand, page number) on every page; return the pages."""
    footer = f"{doc.title} · {doc.subtitle.split(' · ')[0]}"

    def draw_footer(pdf: canvas.Canvas, _template: Any) -> None:
        pdf.saveState()
        pdf.setStrokeColor(colors.HexColor("#999999"))
        pdf.setLineWidth(0.5)
        pdf.line(_PDF_MARGIN, 1.75 * cm, A4[0] - _PDF_MARGIN, 1.75 * cm)
        pdf.setFont("Helvetica", 8.5)
        pdf.drawString(_PDF_MARGIN, 1.3 * cm, footer)
        page_label = f"Seite {pdf.getPageNumber()} von {total_pages}"
        pdf.drawRightString(A4[0] - _PDF_MARGIN, 1.3 * cm, page_label)
        pdf.restoreState()

    template = platypus.SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=_PDF_MARGIN,
        rightMargin=_PDF_MARGIN,
        topMargin=2.0 * cm,
        bottomMargin=2.4 * cm,
        title=doc.title,
        author=doc.author,
        subject=doc.subject,
        keywords=list(doc.keywords),
        creator="Kreisverwaltung Lindenau",
        lang="de-DE",
        invariant=1,
    )
    flowables: list[Any] = [
        platypus.Paragraph(escape(doc.title), _PDF_STYLES["title"]),
        platypus.Paragraph(escape(doc.subtitle), _PDF_STYLES["subtitle"]),
    ]
    flowables.extend(_pdf_flowables(doc.blocks))
    template.build(flowables, onFirstPage=draw_footer, onLaterPages=draw_footer)
    return int(template.page)


def _pdf_flowables(blocks: tuple[Block, ...]) -> list[Any]:
    """Flowables for blocks; headings are kept on one page with the block that follows them."""
    flowables: list[Any] = []
    headings: list[Any] = []
    for block in blocks:
        flowable = _pdf_block(block)
        if isinstance(block, Heading):
            headings.append(flowable)
            continue
        flowables.append(platypus.KeepTogether([*headings, flowable]) if headings else flowable)
        headings = []
    return flowables + headings


def _pdf_block(block: Block) -> Any:
    match block:
        case Heading(level, text):
            return platypus.Paragraph(escape(text), _PDF_STYLES[level])
        case Para(text):
            return platypus.Paragraph(escape(text), _PDF_STYLES["body"])
        case Items(entries, numbered):
            bullets = (
                {"bulletType": "1", "bulletFormat": "%s."}
                if numbered
                else {"bulletType": "bullet", "start": "•"}
            )
            return platypus.ListFlowable(
                [
                    platypus.ListItem(platypus.Paragraph(escape(entry), _PDF_STYLES["body"]))
                    for entry in entries
                ],
                bulletFontName="Helvetica",
                bulletFontSize=10 if numbered else 8,
                leftIndent=16,
                **bullets,
            )
        case Grid(rows):
            return _pdf_table(rows)
    raise TypeError(block)


def _pdf_table(rows: tuple[tuple[str, ...], ...]) -> Any:
    width = A4[0] - 2 * _PDF_MARGIN
    cells = [
        [
            platypus.Paragraph(escape(cell), _PDF_STYLES["head" if index == 0 else "cell"])
            for cell in row
        ]
        for index, row in enumerate(rows)
    ]
    # Column widths follow the longest cell of each column, within sensible bounds.
    weights = [min(max(len(row[column]) for row in rows), 40) + 8 for column in range(len(rows[0]))]
    widths = [width * weight / sum(weights) for weight in weights]
    grid = platypus.Table(cells, colWidths=widths, repeatRows=1, spaceAfter=8)
    grid.setStyle(
        platypus.TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4ECF2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return grid


# --- DOCX (python-docx) -----------------------------------------------------------------------


def build_docx(doc: Doc, path: Path) -> None:
    """Write doc as a Word file with Title, Heading 1/2, list and table styles."""
    document = docx.Document()
    document.add_paragraph(doc.title, style="Title")
    document.add_paragraph(doc.subtitle, style="Subtitle")
    for block in doc.blocks:
        match block:
            case Heading(level, text):
                document.add_heading(text, level=level)
            case Para(text):
                document.add_paragraph(text)
            case Items(entries, numbered):
                for entry in entries:
                    document.add_paragraph(
                        entry, style="List Number" if numbered else "List Bullet"
                    )
            case Grid(rows):
                grid = document.add_table(rows=len(rows), cols=len(rows[0]), style="Table Grid")
                for row, values in zip(grid.rows, rows, strict=True):
                    for cell, value in zip(row.cells, values, strict=True):
                        cell.text = value
                for cell in grid.rows[0].cells:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                document.add_paragraph()
    properties = document.core_properties
    properties.title = doc.title
    properties.subject = doc.subject
    properties.author = doc.author
    properties.last_modified_by = doc.author
    properties.language = "de-DE"
    properties.keywords = "; ".join(doc.keywords)
    properties.created = doc.date
    properties.modified = doc.date
    properties.revision = 1
    document.save(str(path))
    _normalize_zip(path)


# --- ODT (odfpy) ------------------------------------------------------------------------------


def build_odt(doc: Doc, path: Path) -> None:
    """Write doc as an OpenDocument text with outline-level headings, lists and a table."""
    odt = OpenDocumentText()
    styles = _odt_styles(odt)
    timestamp = doc.date.isoformat()
    odt.meta.addElement(dc.Title(text=doc.title))
    odt.meta.addElement(dc.Subject(text=doc.subject))
    odt.meta.addElement(dc.Language(text="de-DE"))
    for keyword in doc.keywords:
        odt.meta.addElement(meta.Keyword(text=keyword))
    odt.meta.addElement(meta.InitialCreator(text=doc.author))
    odt.meta.addElement(dc.Creator(text=doc.author))
    odt.meta.addElement(meta.CreationDate(text=timestamp))
    odt.meta.addElement(dc.Date(text=timestamp))

    body = odt.text
    tables = 0
    body.addElement(odf_text.P(stylename=styles["title"], text=doc.title))
    body.addElement(odf_text.P(stylename=styles["subtitle"], text=doc.subtitle))
    for block in doc.blocks:
        match block:
            case Heading(level, text):
                body.addElement(
                    odf_text.H(outlinelevel=level, stylename=styles[f"h{level}"], text=text)
                )
            case Para(text):
                body.addElement(odf_text.P(stylename=styles["body"], text=text))
            case Items(entries, numbered):
                items = odf_text.List(stylename=styles["numbers" if numbered else "bullets"])
                for entry in entries:
                    item = odf_text.ListItem()
                    item.addElement(odf_text.P(stylename=styles["body"], text=entry))
                    items.addElement(item)
                body.addElement(items)
            case Grid(rows):
                tables += 1
                body.addElement(_odt_table(f"Tabelle{tables}", rows, styles))
    odt.save(str(path))
    _normalize_zip(path)


def _odt_styles(odt: Any) -> dict[str, Any]:
    default = odf_style.DefaultStyle(family="paragraph")
    default.addElement(
        odf_style.TextProperties(
            fontname="Liberation Sans", fontsize="10.5pt", language="de", country="DE"
        )
    )
    odt.styles.addElement(default)
    odt.fontfacedecls.addElement(
        odf_style.FontFace(
            name="Liberation Sans", fontfamily="'Liberation Sans'", fontfamilygeneric="swiss"
        )
    )

    def paragraph(name: str, size: str, *, bold: bool = False, level: int | None = None) -> Any:
        extra = {"defaultoutlinelevel": str(level)} if level else {}
        para_style = odf_style.Style(
            name=name, displayname=name.replace("_20_", " "), family="paragraph", **extra
        )
        para_style.addElement(
            odf_style.ParagraphProperties(
                marginbottom="0.2cm", margintop="0.3cm" if level else "0cm"
            )
        )
        para_style.addElement(
            odf_style.TextProperties(fontsize=size, fontweight="bold" if bold else "normal")
        )
        odt.styles.addElement(para_style)
        return para_style

    bullets = odf_text.ListStyle(name="Aufzaehlung")
    bullet = odf_text.ListLevelStyleBullet(level=1, bulletchar="•")
    bullet.addElement(odf_style.ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.5cm"))
    bullets.addElement(bullet)
    numbers = odf_text.ListStyle(name="Nummerierung")
    number = odf_text.ListLevelStyleNumber(level=1, numformat="1", numsuffix=".")
    number.addElement(odf_style.ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.6cm"))
    numbers.addElement(number)
    cell = odf_style.Style(name="Tabellenzelle", family="table-cell")
    cell.addElement(odf_style.TableCellProperties(border="0.5pt solid #808080", padding="0.1cm"))
    for automatic in (bullets, numbers, cell):
        odt.automaticstyles.addElement(automatic)
    return {
        "title": paragraph("Title", "17pt", bold=True),
        "subtitle": paragraph("Subtitle", "9.5pt"),
        "h1": paragraph("Heading_20_1", "13pt", bold=True, level=1),
        "h2": paragraph("Heading_20_2", "11pt", bold=True, level=2),
        "body": paragraph("Text_20_body", "10.5pt"),
        "head": paragraph("Table_20_Heading", "10pt", bold=True),
        "bullets": bullets,
        "numbers": numbers,
        "cell": cell,
    }


def _odt_table(name: str, rows: tuple[tuple[str, ...], ...], styles: dict[str, Any]) -> Any:
    grid = odf_table.Table(name=name)
    grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=len(rows[0])))
    header = odf_table.TableHeaderRows()
    grid.addElement(header)
    for index, values in enumerate(rows):
        row = odf_table.TableRow()
        for value in values:
            cell = odf_table.TableCell(valuetype="string", stylename=styles["cell"])
            cell.addElement(
                odf_text.P(stylename=styles["head" if index == 0 else "body"], text=value)
            )
            row.addElement(cell)
        (header if index == 0 else grid).addElement(row)
    return grid


# --- Shared -----------------------------------------------------------------------------------


def _normalize_zip(path: Path) -> None:
    """Rewrite a ZIP container with fixed timestamps so repeated builds give identical bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)


def main() -> None:
    outputs = {
        DEMO_DIR / "Organisation" / "hausordnung-verwaltungsgebaeude.pdf": (build_pdf, HAUSORDNUNG),
        DEMO_DIR / "Personalamt" / "merkblatt-elternzeit-und-teilzeit.docx": (
            build_docx,
            MERKBLATT_ELTERNZEIT,
        ),
        DEMO_DIR / "IT" / "richtlinie-mobile-geraete.odt": (build_odt, RICHTLINIE_MOBILE_GERAETE),
    }
    for path, (build, doc) in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        build(doc, path)
        print(f"geschrieben: {path.relative_to(DEMO_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
