/**
 * Unit tables of convert_angle/force/length/mass/speed (math family): each unit's size in the
 * quantity's base unit (degree, newton, metre, kilogram, metre per second), written from the
 * units' legal definitions (international foot, yard and pound of 1959, US survey foot, nautical
 * mile, standard gravity, IAU astronomical unit and light year). Units whose size Kusto's unit
 * library may define differently (parsec, solar radius, data mile, printer's point and pica,
 * slug, Earth and solar masses, tilt) are left out and refused where used.
 */
const INCH = 0.0254;
const FOOT = 0.3048;
const US_SURVEY_FOOT = 1200 / 3937;
const RADIAN = 180 / Math.PI;
const POUND = 0.45359237;
const LBF = 4.4482216152605;
const KGF = 9.80665;

export const UNITS: Record<string, Record<string, number>> = {
  convert_angle: {
    Degree: 1, Millidegree: 1e-3, Microdegree: 1e-6, Nanodegree: 1e-9,
    Radian: RADIAN, Deciradian: RADIAN * 1e-1, Centiradian: RADIAN * 1e-2, Milliradian: RADIAN * 1e-3, Microradian: RADIAN * 1e-6, Nanoradian: RADIAN * 1e-9,
    Arcminute: 1 / 60, Arcsecond: 1 / 3600, Gradian: 0.9, Revolution: 360, NatoMil: 360 / 6400,
  },
  convert_force: {
    Newton: 1, Decanewton: 1e1, Kilonewton: 1e3, Meganewton: 1e6, Millinewton: 1e-3, Micronewton: 1e-6,
    Dyn: 1e-5, KilogramForce: KGF, KiloPond: KGF, TonneForce: KGF * 1e3,
    PoundForce: LBF, KilopoundForce: LBF * 1e3, OunceForce: LBF / 16, ShortTonForce: LBF * 2000, Poundal: POUND * FOOT,
  },
  convert_length: {
    Meter: 1, Kilometer: 1e3, Hectometer: 1e2, Decameter: 1e1, Decimeter: 1e-1, Centimeter: 1e-2, Millimeter: 1e-3, Micrometer: 1e-6, Nanometer: 1e-9, Angstrom: 1e-10,
    Inch: INCH, Foot: FOOT, Yard: 0.9144, Mile: 1609.344, NauticalMile: 1852, Microinch: INCH * 1e-6, Mil: INCH * 1e-3, Hand: INCH * 4,
    Fathom: FOOT * 6, Chain: FOOT * 66, Shackle: FOOT * 90, Twip: INCH / 1440, DtpPoint: INCH / 72, DtpPica: INCH / 6, UsSurveyFoot: US_SURVEY_FOOT,
    AstronomicalUnit: 1.495978707e11, LightYear: 9460730472580800, KilolightYear: 9460730472580800e3, MegalightYear: 9460730472580800e6,
  },
  convert_mass: {
    Kilogram: 1, Gram: 1e-3, Hectogram: 1e-1, Decagram: 1e-2, Decigram: 1e-4, Centigram: 1e-5, Milligram: 1e-6, Microgram: 1e-9, Nanogram: 1e-12,
    Tonne: 1e3, Kilotonne: 1e6, Megatonne: 1e9, Pound: POUND, Kilopound: POUND * 1e3, Megapound: POUND * 1e6, Ounce: POUND / 16, Grain: POUND / 7000,
    Stone: POUND * 14, ShortTon: POUND * 2000, LongTon: POUND * 2240, ShortHundredweight: POUND * 100, LongHundredweight: POUND * 112,
  },
  convert_speed: Object.fromEntries(
    (
      [
        ['Meter', 1], ['Centimeter', 1e-2], ['Decimeter', 1e-1], ['Kilometer', 1e3], ['Millimeter', 1e-3], ['Micrometer', 1e-6], ['Nanometer', 1e-9],
        ['Foot', FOOT], ['Inch', INCH], ['Yard', 0.9144], ['UsSurveyFoot', US_SURVEY_FOOT],
      ] as [string, number][]
    )
      .flatMap(([u, m]) => [[`${u}PerSecond`, m], [`${u}PerMinute`, m / 60], [`${u}PerHour`, m / 3600]] as [string, number][])
      .concat([['MilePerHour', 1609.344 / 3600], ['Knot', 1852 / 3600]]),
  ),
};
