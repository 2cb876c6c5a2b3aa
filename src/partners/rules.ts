/** La Poste's establishments share one SIREN whose SIRETs follow their own checksum. */
const LA_POSTE_SIREN = '356000000';

/** Removes the spaces and dots people type in a SIRET ("123 456 789 00012"). */
export function normaliseSiret(input: string): string {
  return input.replace(/[\s.]/g, '');
}

/**
 * A SIRET is 14 digits whose Luhn sum is a multiple of 10 (INSEE); La Poste's are the
 * exception: the plain sum of their digits is a multiple of 5.
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  const digits = [...siret].map(Number);
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== `${LA_POSTE_SIREN}00048`) {
    return digits.reduce((a, b) => a + b, 0) % 5 === 0;
  }
  const sum = digits.reduce((acc, d, i) => {
    if (i % 2 === 1) return acc + d;
    const doubled = d * 2;
    return acc + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}
