import { PNG } from 'pngjs';
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

/**
 * Reads the barcode in a PNG (a screenshot of a rendered label) with ZXing, as a scanner would: QR or
 * Code 128. GS1-128 comes back as a GS1 scanner sends it: ]C1, then the element strings separated by U+001D.
 */
export function readBarcode(png: Buffer): string {
  const image = PNG.sync.read(png);
  // A scanner sees a label from more than one distance: ZXing misses a few QR codes at one scale (about 1 in
  // 40 random location codes at the browser's 2×) and reads them at half of it, so both are tried.
  try {
    return decode(image.data, image.width, image.height);
  } catch (first) {
    const [w, h] = [Math.floor(image.width / 2), Math.floor(image.height / 2)];
    const half = Buffer.alloc(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        image.data.copy(half, (y * w + x) * 4, (2 * y * image.width + 2 * x) * 4, (2 * y * image.width + 2 * x) * 4 + 4);
    try {
      return decode(half, w, h);
    } catch {
      throw first;
    }
  }
}

function decode(rgba: Buffer, width: number, height: number): string {
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < luminance.length; i++) {
    const [r, g, b] = [rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]];
    luminance[i] = (r * 299 + g * 587 + b * 114) / 1000;
  }
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128]],
    [DecodeHintType.TRY_HARDER, true],
    // As a GS1 scanner: FNC1 becomes the ]C1 prefix and the group separator.
    [DecodeHintType.ASSUME_GS1, true],
  ]);
  reader.setHints(hints);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  return reader.decodeWithState(bitmap).getText();
}
