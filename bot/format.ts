/** Dates and times as Russian readers expect them, in the school's time zone. */
export function formatTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(d);
}

export function formatDate(d: Date | string, timeZone: string): string {
  const date = typeof d === 'string' ? new Date(`${d}T12:00:00Z`) : d;
  return new Intl.DateTimeFormat('ru-RU', { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}
