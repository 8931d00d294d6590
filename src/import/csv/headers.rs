//! The column names of Strava's and Garmin Connect's exports, language by
//! language, as data: adding a language is a table here and its line in the
//! list of layouts; the readers find columns through these tables only.

use crate::import::values::Decimals;

// ------------------------------------------------------------------ Strava

/// The names of the columns runrisk reads, in one language or layout.
pub struct StravaNames {
    pub date: &'static [&'static str],
    pub kind: &'static [&'static str],
    pub name: &'static [&'static str],
    pub distance: &'static [&'static str],
    pub elapsed: &'static [&'static str],
    pub moving: &'static [&'static str],
    pub elevation: &'static [&'static str],
    pub gear: &'static [&'static str],
    pub filename: &'static [&'static str],
    pub hr: &'static [&'static str],
}

pub const STRAVA_ENGLISH: StravaNames = StravaNames {
    date: &["Activity Date"],
    kind: &["Activity Type"],
    name: &["Activity Name"],
    distance: &["Distance"],
    elapsed: &["Elapsed Time"],
    moving: &["Moving Time"],
    elevation: &["Elevation Gain"],
    gear: &["Activity Gear", "Gear"],
    filename: &["Filename"],
    hr: &["Average Heart Rate"],
};

pub const STRAVA_GERMAN: StravaNames = StravaNames {
    date: &["Aktivitätsdatum"],
    kind: &["Aktivitätsart"],
    name: &["Name der Aktivität", "Aktivitätsname"],
    distance: &["Distanz"],
    elapsed: &["Verstrichene Zeit"],
    moving: &["Bewegungszeit", "Zeit in Bewegung"],
    elevation: &["Höhenzuwachs", "Höhenzunahme", "Höhenmeter"],
    gear: &["Aktivitätsausrüstung", "Ausrüstung"],
    filename: &["Dateiname"],
    hr: &["Durchschnittliche Herzfrequenz"],
};

/// The layout before 2019: `id,date,name,type,...`, distance in metres.
pub const STRAVA_EARLY: StravaNames = StravaNames {
    date: &["date"],
    kind: &["type"],
    name: &["name"],
    distance: &["distance"],
    elapsed: &["elapsed_time"],
    moving: &["moving_time"],
    elevation: &["elevation_gain"],
    gear: &["gear"],
    filename: &["filename"],
    hr: &["average_heartrate"],
};

/// Columns only Strava's English export has (Garmin's has none of them):
/// a header with a few of them is one, even with a column misspelt.
pub const STRAVA_ENGLISH_ONLY: [&str; 11] = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Description",
    "Activity Private Note",
    "Activity Gear",
    "Relative Effort",
    "Athlete Weight",
    "Bike Weight",
    "Elevation Gain",
    "Filename",
];

/// Columns only Strava's German export has.
pub const STRAVA_GERMAN_ONLY: [&str; 10] = [
    "Aktivitäts-ID",
    "Aktivitätsdatum",
    "Name der Aktivität",
    "Aktivitätsart",
    "Beschreibung der Aktivität",
    "Private Notiz zur Aktivität",
    "Aktivitätsausrüstung",
    "Relativer Aufwand",
    "Höhenzuwachs",
    "Dateiname",
];

impl StravaNames {
    /// Every name of the layout, and `others` of its export: the columns
    /// that are not misspellings of a missing one.
    pub fn known(&self, others: &[&'static str]) -> Vec<&'static str> {
        [
            self.date,
            self.kind,
            self.name,
            self.distance,
            self.elapsed,
            self.moving,
            self.elevation,
            self.gear,
            self.filename,
            self.hr,
            others,
        ]
        .concat()
    }
}

// ------------------------------------------------------------------ Garmin Connect

/// The names of the columns runrisk reads, in one language.
pub struct GarminNames {
    pub kind: &'static [&'static str],
    pub date: &'static [&'static str],
    pub title: &'static [&'static str],
    pub distance: &'static [&'static str],
    pub time: &'static [&'static str],
    pub moving: &'static [&'static str],
    pub elapsed: &'static [&'static str],
    pub pace: &'static [&'static str],
    pub ascent: &'static [&'static str],
    pub cadence: &'static [&'static str],
    pub stride: &'static [&'static str],
    pub hr: &'static [&'static str],
}

pub const GARMIN_ENGLISH: GarminNames = GarminNames {
    kind: &["Activity Type"],
    date: &["Date"],
    title: &["Title"],
    distance: &["Distance"],
    time: &["Time"],
    moving: &["Moving Time"],
    elapsed: &["Elapsed Time"],
    pace: &["Avg Pace"],
    // "Elev Gain" and "Avg Cadence" are the names of exports from 2017.
    ascent: &["Total Ascent", "Elev Gain"],
    cadence: &["Avg Run Cadence", "Avg Cadence"],
    stride: &["Avg Stride Length"],
    hr: &["Avg HR"],
};

pub const GARMIN_GERMAN: GarminNames = GarminNames {
    kind: &["Aktivitätstyp"],
    date: &["Datum"],
    title: &["Titel"],
    distance: &["Distanz"],
    time: &["Zeit"],
    moving: &["Zeit in Bewegung"],
    elapsed: &["Verstrichene Zeit"],
    pace: &["Ø Pace", "Ø Tempo"],
    ascent: &["Anstieg gesamt", "Positiver Höhenunterschied"],
    cadence: &["Ø Schrittfrequenz (Laufen)"],
    stride: &["Ø Schrittlänge"],
    hr: &["Ø Herzfrequenz"],
};

pub const GARMIN_SPANISH: GarminNames = GarminNames {
    kind: &["Tipo de actividad"],
    date: &["Fecha"],
    title: &["Título"],
    distance: &["Distancia"],
    time: &["Tiempo"],
    moving: &["Tiempo en movimiento"],
    elapsed: &["Tiempo transcurrido"],
    pace: &["Ritmo medio"],
    ascent: &["Ascenso total"],
    cadence: &["Cadencia de carrera media"],
    stride: &["Longitud media de zancada"],
    hr: &["Frecuencia cardiaca media", "Frecuencia cardíaca media"],
};

pub const GARMIN_POLISH: GarminNames = GarminNames {
    kind: &["Typ aktywności"],
    date: &["Data"],
    title: &["Tytuł"],
    distance: &["Dystans"],
    time: &["Czas"],
    moving: &["Czas ruchu"],
    elapsed: &["Upłynęło czasu"],
    pace: &["Średnie tempo"],
    ascent: &["Całkowity wznios"],
    cadence: &["Średni rytm biegu"],
    stride: &["Średnia długość kroku"],
    hr: &["Średnie tętno"],
};

pub const GARMIN_DANISH: GarminNames = GarminNames {
    kind: &["Aktivitetstype"],
    date: &["Dato"],
    title: &["Titel"],
    distance: &["Distance"],
    time: &["Tid"],
    moving: &[],
    elapsed: &[],
    pace: &["Gennemsnitstempo", "Gns. tempo"],
    ascent: &["Højdeforøgelse", "Samlet stigning"],
    cadence: &["Gennemsnit kadence løb", "Gns. løbekadence"],
    stride: &["Gennemsnitlig skridtlængde", "Gns. skridtlængde"],
    hr: &["Gennemsnitlig puls", "Gns. puls"],
};

/// A language runrisk reads Garmin exports in: its column names, the
/// columns only its export has, and how it writes numbers.
pub struct GarminLayout {
    pub language: &'static str,
    pub names: &'static GarminNames,
    pub only: &'static [&'static str],
    pub numbers: Decimals,
}

/// The languages with a table, English first.
pub const GARMIN_LAYOUTS: [GarminLayout; 5] = [
    GarminLayout {
        language: "English",
        names: &GARMIN_ENGLISH,
        only: &GARMIN_ENGLISH_ONLY,
        numbers: Decimals::Point,
    },
    GarminLayout {
        language: "German",
        names: &GARMIN_GERMAN,
        only: &GARMIN_GERMAN_ONLY,
        numbers: Decimals::Comma,
    },
    GarminLayout {
        language: "Spanish",
        names: &GARMIN_SPANISH,
        only: &[],
        numbers: Decimals::Comma,
    },
    GarminLayout {
        language: "Polish",
        names: &GARMIN_POLISH,
        only: &[],
        numbers: Decimals::Comma,
    },
    GarminLayout {
        language: "Danish",
        names: &GARMIN_DANISH,
        only: &[],
        numbers: Decimals::Comma,
    },
];

/// Columns only Garmin's English export has (Strava's has none of them):
/// a header with a few of them is one, even with a column misspelt.
pub const GARMIN_ENGLISH_ONLY: [&str; 12] = [
    "Title",
    "Favorite",
    "Avg Pace",
    "Best Pace",
    "Total Ascent",
    "Total Descent",
    "Avg HR",
    "Max HR",
    "Avg Run Cadence",
    "Max Run Cadence",
    "Avg Stride Length",
    "Number of Laps",
];

/// Columns only Garmin's German export has.
pub const GARMIN_GERMAN_ONLY: [&str; 10] = [
    "Aktivitätstyp",
    "Ø Pace",
    "Beste Pace",
    "Anstieg gesamt",
    "Abstieg gesamt",
    "Ø Herzfrequenz",
    "Ø Schrittfrequenz (Laufen)",
    "Ø Schrittlänge",
    "Anzahl der Runden",
    "Beste Rundenzeit",
];

impl GarminNames {
    /// Every name of the layout, and `others` of its export: the columns
    /// that are not misspellings of a missing one.
    pub fn known(&self, others: &[&'static str]) -> Vec<&'static str> {
        [
            self.kind,
            self.date,
            self.title,
            self.distance,
            self.time,
            self.moving,
            self.elapsed,
            self.pace,
            self.ascent,
            self.cadence,
            self.stride,
            self.hr,
            others,
        ]
        .concat()
    }
}

/// The activity-type column of Garmin exports in languages runrisk does not read.
pub const FOREIGN_TYPE_NAMES: [&str; 12] = [
    "Aktivitetstype",
    "Aktivitetstyp",
    "Activiteittype",
    "Activiteitstype",
    "Type d'activité",
    "Tipo de actividad",
    "Tipo di attività",
    "Tipo de atividade",
    "Typ aktywności",
    "Typ aktivity",
    "Aktiviteetin tyyppi",
    "Tevékenység típusa",
];

/// The second column of a Garmin export is the date, whatever the language.
pub const DATE_WORDS: [&str; 10] = [
    "Dato",
    "Datum",
    "Date",
    "Fecha",
    "Data",
    "Päivämäärä",
    "Dátum",
    "Ημερομηνία",
    "Päiväys",
    "Tarih",
];

/// The second and third columns of Garmin's export, the date and the
/// favourite flag, in the languages Garmin Connect is offered in (folded
/// as `header_key` folds them).
pub const FAVORITE_WORDS: [&str; 14] = [
    "favorite",
    "favorit",
    "favorito",
    "favoritt",
    "favoriet",
    "favori",
    "favoris",
    "preferito",
    "preferiti",
    "ulubiony",
    "suosikki",
    "kedvenc",
    "oblíbené",
    "αγαπημένο",
];
