/**
 * Unit tables of convert_angle/energy/force/length/mass/speed/volume (math family): each unit's
 * size in the quantity's base unit (degree, joule, newton, metre, kilogram, metre per second, cubic metre), written from the
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
const BTU = 1055.05585262;

/**
 * convert_temperature: each unit as [a, b] with kelvins = value * a + b (the scales' definitions:
 * Celsius, Fahrenheit, Rankine, Réaumur, Newton, Delisle, Rømer). SolarTemperature's reference
 * temperature is not a fixed standard: left out.
 */
export const TEMPERATURE: Record<string, [number, number]> = {
  Kelvin: [1, 0],
  DegreeCelsius: [1, 273.15],
  MillidegreeCelsius: [1e-3, 273.15],
  DegreeFahrenheit: [5 / 9, (459.67 * 5) / 9],
  DegreeRankine: [5 / 9, 0],
  DegreeReaumur: [5 / 4, 273.15],
  DegreeNewton: [100 / 33, 273.15],
  DegreeDelisle: [-2 / 3, 373.15],
  DegreeRoemer: [40 / 21, 273.15 - (7.5 * 40) / 21],
};

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
  // energy in joules: SI multiples, watt-hours and watt-days, the erg (CGS), and the British
  // thermal unit whose size the reference's example shows (1.2 J = 0.00113738054437598 BTU, the
  // International Table BTU of 1055.05585262 J). Calorie, electron volt, foot-pound, horsepower-hour
  // and therms have several definitions in use: left out.
  convert_energy: {
    Joule: 1, Millijoule: 1e-3, Kilojoule: 1e3, Megajoule: 1e6, Gigajoule: 1e9, Erg: 1e-7,
    WattHour: 3600, KilowattHour: 3600e3, MegawattHour: 3600e6, GigawattHour: 3600e9, TerawattHour: 3600e12,
    WattDay: 86400, KilowattDay: 86400e3, MegawattDay: 86400e6, GigawattDay: 86400e9, TerawattDay: 86400e12,
    BritishThermalUnit: BTU, KilobritishThermalUnit: BTU * 1e3, MegabritishThermalUnit: BTU * 1e6, GigabritishThermalUnit: BTU * 1e9,
  },
  // volume in cubic metres: the metric units, and the acre-foot at the size the reference's
  // example shows (1.2 m³ = 0.0009728568 acre-feet: 1 m³ = 0.000810714 acre-feet, a rounded
  // constant, not 43,560 cubic feet). Kusto's unit library evidently rounds such constants, so
  // the cubic feet, inches, yards and miles, gallons, pints, ounces, cups, spoons and barrels,
  // whose rounded sizes are not documented, are left out.
  convert_volume: {
    CubicMeter: 1, CubicKilometer: 1e9, CubicHectometer: 1e6, CubicDecimeter: 1e-3, CubicCentimeter: 1e-6, CubicMillimeter: 1e-9, CubicMicrometer: 1e-18,
    HectocubicMeter: 1e2, KilocubicMeter: 1e3,
    Liter: 1e-3, Microliter: 1e-9, Milliliter: 1e-6, Centiliter: 1e-5, Deciliter: 1e-4, Decaliter: 1e-2, Hectoliter: 1e-1, Kiloliter: 1, Megaliter: 1e3,
    AcreFoot: 1 / 0.000810714,
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
