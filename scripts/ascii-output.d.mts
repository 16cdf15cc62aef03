export function asciiOnly(text: string, file?: string): string;
export function makeFileAscii(file: string): void;
