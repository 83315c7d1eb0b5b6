/** Documented examples of the maths and bit functions (lower/families/math.ts). */
import { runDocCases } from './doc-harness.ts';

runDocCases('math', [
  { fn: 'sin', page: 'sin-function', kql: 'print sin(1)', rows: [[0.841470984807897]] },
  { fn: 'cos', page: 'cos-function', kql: 'print cos(1)', rows: [[0.54030230586813977]] },
  // the tan page has no example: tan(1) = sin(1) / cos(1) from the sin and cos pages' outputs
  { fn: 'tan', page: 'tan-function', kql: 'print tan(1)', rows: [[0.841470984807897 / 0.54030230586813977]] },
  { fn: 'atan', page: 'atan-function', kql: 'print atan(0.5)', rows: [[0.46364760900080609]] },
  {
    fn: 'atan2',
    page: 'atan2-function',
    kql: 'print atan2_0 = atan2(1,1) | extend atan2_1 = atan2(0,-1) | extend atan2_2 = atan2(-1,0)',
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: the page's printed output (rounded to 15 digits), compared within a tolerance
    rows: [[0.785398163397448, 3.14159265358979, -1.5707963267949]],
  },
  // asin/acos: documented as null outside [-1, 1]
  { fn: 'asin', page: 'asin-function', kql: 'print asin(2), asin(-1.5), asin(1)', rows: [[null, null, Math.PI / 2]] },
  { fn: 'acos', page: 'acos-function', kql: 'print acos(2), acos(-1.5), acos(-1)', rows: [[null, null, Math.PI]] },
  { fn: 'cot', page: 'cot-function', kql: 'print cot(1)', rows: [[0.64209261593433065]] },
  {
    fn: 'degrees',
    page: 'degrees-function',
    kql: 'print degrees0 = degrees(pi()/4), degrees1 = degrees(pi()*1.5), degrees2 = degrees(0)',
    rows: [[45, 270, 0]],
  },
  {
    fn: 'radians',
    page: 'radians-function',
    kql: 'print radians0 = radians(90), radians1 = radians(180), radians2 = radians(360)',
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: the page's printed output (rounded to 15 digits), compared within a tolerance
    rows: [[1.5707963267949, 3.14159265358979, 6.28318530717959]],
  },
  { fn: 'gamma', page: 'gamma-function', kql: 'print result = gamma(5)', rows: [[24]] },
  { fn: 'loggamma', page: 'loggamma-function', kql: 'print result = loggamma(5)', rows: [[3.1780538303479458]] },
  { fn: 'gamma', page: 'gamma-function', kql: 'print result = gamma(0)', error: 'HB162' },
  // the binary_and/binary_or pages give the formula only (value1 & value2, value1 | value2)
  {
    fn: 'erf',
    page: 'erf-function',
    kql: 'range x from -3 to 3 step 1 | extend erf_x = erf(x)',
    rows: [[-3, -0.999977909503001], [-2, -0.995322265018953], [-1, -0.842700792949715], [0, 0], [1, 0.842700792949715], [2, 0.995322265018953], [3, 0.999977909503001]],
  },
  {
    fn: 'erfc',
    page: 'erfc-function',
    kql: 'range x from -3 to 3 step 1 | extend erf_x = erfc(x)',
    rows: [[-3, 1.999977909503001], [-2, 1.995322265018953], [-1, 1.842700792949715], [0, 1], [1, 0.157299207050285], [2, 0.00467773498104727], [3, 2.20904969985854e-5]],
  },
  // beyond the pages' tables: standard values of erf/erfc (to 16 digits), on both methods' ranges
  {
    fn: 'erfc',
    page: 'erfc-function',
    kql: 'print erf(0.5), erfc(-0.5), erf(1.9), erfc(5), erfc(10), erf(-2.5), erfc(real(+inf)), erf(real(-inf))',
    rows: [[0.5204998778130465, 1.5204998778130465, 0.9927904292352575, 1.53745979442803e-12, 2.08848758376254e-45, -0.9995930479825550, 0, -1]],
  },
  { fn: 'convert_length', page: 'convert-length-function', kql: "print result = convert_length(1.2, 'Meter', 'Foot')", rows: [[3.93700787401575]] },
  { fn: 'convert_mass', page: 'convert-mass-function', kql: "print result = convert_mass(1.2, 'Kilogram', 'Pound')", rows: [[2.64554714621853]] },
  { fn: 'convert_speed', page: 'convert-speed-function', kql: "print result = convert_speed(1.2, 'MeterPerSecond', 'CentimeterPerHour')", rows: [[432000]] },
  { fn: 'convert_angle', page: 'convert-angle-function', kql: "print result = convert_angle(1.2, 'Degree', 'Arcminute')", rows: [[72]] },
  { fn: 'convert_force', page: 'convert-force-function', kql: "print result = convert_force(1.2, 'Newton', 'Decanewton')", rows: [[0.12]] },
  {
    fn: 'beta_cdf',
    page: 'beta-cdf-function',
    kql: 'datatable(x:double, alpha:double, beta:double, comment:string)[0.9, 10.0, 20.0, "Valid input", 1.5, 10.0, 20.0, "x > 1, yields NaN", double(-10), 10.0, 20.0, "x < 0, yields NaN", 0.1, double(-1.0), 20.0, "alpha is < 0, yields NaN"] | extend b = beta_cdf(x, alpha, beta)',
    rows: [[0.9, 10, 20, 'Valid input', 0.999999999999959], [1.5, 10, 20, 'x > 1, yields NaN', 'NaN'], [-10, 10, 20, 'x < 0, yields NaN', 'NaN'], [0.1, -1, 20, 'alpha is < 0, yields NaN', 'NaN']],
  },
  // documented: alpha or beta above 10000 is NaN
  { fn: 'beta_cdf', page: 'beta-cdf-function', kql: 'print beta_cdf(0.5, 10001, 2), beta_cdf(0.5, 2, 10001)', rows: [['NaN', 'NaN']] },
  {
    fn: 'beta_pdf',
    page: 'beta-pdf-function',
    kql: 'datatable(x:double, alpha:double, beta:double, comment:string)[0.5, 10.0, 20.0, "Valid input", 1.5, 10.0, 20.0, "x > 1, yields NaN", double(-10), 10.0, 20.0, "x < 0, yields NaN", 0.1, double(-1.0), 20.0, "alpha is < 0, yields NaN"] | extend r = beta_pdf(x, alpha, beta)',
    rows: [[0.5, 10, 20, 'Valid input', 0.746176019310951], [1.5, 10, 20, 'x > 1, yields NaN', 'NaN'], [-10, 10, 20, 'x < 0, yields NaN', 'NaN'], [0.1, -1, 20, 'alpha is < 0, yields NaN', 'NaN']],
  },
  { fn: 'beta_inv', page: 'beta-inv-function', kql: 'print b = beta_inv(0.1, 10.0, 20.0)', rows: [[0.226415022388749]] },
  // the page's other rows: p > 1 is "null" in its table and NaN in its notes, alpha < 0 the other
  // way round: refused per row
  { fn: 'beta_inv', page: 'beta-inv-function', kql: 'print b = beta_inv(1.5, 10.0, 20.0)', error: 'HB162' },
  { fn: 'beta_inv', page: 'beta-inv-function', kql: 'print b = beta_inv(0.1, -1.0, 20.0)', error: 'HB162' },
  // "If probability = beta_cdf(x, …), then beta_inv(probability, …) = x"
  { fn: 'beta_inv', page: 'beta-inv-function', kql: 'print x = beta_inv(beta_cdf(0.3, 2.5, 4), 2.5, 4), y = beta_inv(beta_cdf(0.05, 0.5, 12.5), 0.5, 12.5)', rows: [[0.3, 0.05]] },
  // the page's example (Wikipedia's samples); the reference prints the p-value to three places
  {
    fn: 'welch_test',
    page: 'welch-test-function',
    kql: 'print s1 = dynamic([27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]), s2 = dynamic([27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]) | mv-expand s1 to typeof(double), s2 to typeof(double) | summarize m1=avg(s1), v1=variance(s1), c1=count(), m2=avg(s2), v2=variance(s2), c2=count() | project pValue = round(welch_test(m1,v1,c1,m2,v2,c2), 3)',
    rows: [[0.021]],
  },
  { fn: 'welch_test', page: 'welch-test-function', kql: 'print welch_test(1.0, 0.0, 10, 2.0, 0.0, 10)', error: 'HB162' },
  { fn: 'convert_temperature', page: 'convert-temperature-function', kql: "print result = convert_temperature(1.2, 'Kelvin', 'DegreeCelsius')", rows: [[-271.95]] },
  // the scales' definitions: water boils at 100 °C = 212 °F = 671.67 °R = 80 °Ré = 33 °N = 0 °De = 60 °Rø
  {
    fn: 'convert_temperature',
    page: 'convert-temperature-function',
    kql: "print convert_temperature(100, 'DegreeCelsius', 'DegreeFahrenheit'), convert_temperature(100, 'DegreeCelsius', 'DegreeRankine'), convert_temperature(100, 'DegreeCelsius', 'DegreeReaumur'), convert_temperature(100, 'DegreeCelsius', 'DegreeNewton'), convert_temperature(100, 'DegreeCelsius', 'DegreeDelisle'), convert_temperature(60, 'DegreeRoemer', 'DegreeCelsius'), convert_temperature(-40, 'DegreeFahrenheit', 'MillidegreeCelsius')",
    rows: [[212, 671.67, 80, 33, 0, 100, -40000]],
  },
  { fn: 'convert_temperature', page: 'convert-temperature-function', kql: "print convert_temperature(1.2, 'Kelvin', 'SolarTemperature')", error: 'HB120' },
  { fn: 'convert_energy', page: 'convert-energy-function', kql: "print result = convert_energy(1.2, 'Joule', 'BritishThermalUnit')", rows: [[0.00113738054437598]] },
  { fn: 'convert_energy', page: 'convert-energy-function', kql: "print convert_energy(1, 'KilowattHour', 'Megajoule'), convert_energy(1, 'WattDay', 'WattHour'), convert_energy(1, 'Erg', 'Joule')", rows: [[3.6, 24, 1e-7]] },
  { fn: 'convert_energy', page: 'convert-energy-function', kql: "print convert_energy(1, 'Calorie', 'Joule')", error: 'HB120' },
  { fn: 'convert_volume', page: 'convert-volume-function', kql: "print result = convert_volume(1.2, 'CubicMeter', 'AcreFoot')", rows: [[0.0009728568]] },
  { fn: 'convert_volume', page: 'convert-volume-function', kql: "print convert_volume(2, 'Liter', 'Milliliter'), convert_volume(1, 'CubicMeter', 'Kiloliter')", rows: [[2000, 1]] },
  { fn: 'convert_volume', page: 'convert-volume-function', kql: "print convert_volume(1, 'UsGallon', 'Liter')", error: 'HB120' },
  // a unit whose size is not certain here is refused, not guessed
  { fn: 'convert_length', page: 'convert-length-function', kql: "print result = convert_length(1.2, 'Parsec', 'Meter')", error: 'HB120' },
  { fn: 'binary_and', page: 'binary-and-function', kql: 'print binary_and(6, 3)', rows: [[2]] },
  { fn: 'binary_or', page: 'binary-or-function', kql: 'print binary_or(6, 3)', rows: [[7]] },
  { fn: 'binary_xor', page: 'binary-xor-function', kql: 'print binary_xor(1,1), binary_xor(1,2)', rows: [[0, 3]] },
  { fn: 'binary_not', page: 'binary-not-function', kql: 'print binary_not(100)', rows: [[-101]] },
  { fn: 'binary_shift_left', page: 'binary-shift-left-function', kql: 'print binary_shift_left(1,2)', rows: [[4]] },
  // value << (shift % 64); a negative shift is null (documented)
  { fn: 'binary_shift_left', page: 'binary-shift-left-function', kql: 'print binary_shift_left(1,66), binary_shift_left(1,-1), binary_shift_left(3,63)', rows: [[4, null, '-9223372036854775808']] },
  { fn: 'binary_shift_right', page: 'binary-shift-right-function', kql: 'print binary_shift_right(1,2), binary_shift_right(16,66), binary_shift_right(1,-2)', rows: [[0, 4, null]] },
  { fn: 'bitset_count_ones', page: 'bitset-count-ones-function', kql: 'print ones = bitset_count_ones(42)', rows: [[3]] },
]);
