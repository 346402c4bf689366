// gzip.mjs DIR — write NAME.gz next to every compressible file under DIR, so that
// `renda serve` can answer browsers that accept gzip without compressing per request.
// Files that do not shrink by at least 10% are left alone.
import { readdirSync, readFileSync, writeFileSync, statSync, unlinkSync } from 'node:fs'
import { join, extname } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const dir = process.argv[2] || 'dist'
const kinds = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map'])
let files = 0, before = 0, after = 0

function walk(d) {
  for (const name of readdirSync(d)) {
    const p = join(d, name)
    if (statSync(p).isDirectory()) { walk(p); continue }
    if (name.endsWith('.gz')) { unlinkSync(p); continue }
    if (!kinds.has(extname(name))) continue
    const raw = readFileSync(p)
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION })
    if (gz.length > raw.length * 0.9) continue
    writeFileSync(p + '.gz', gz)
    files++; before += raw.length; after += gz.length
  }
}
walk(dir)
console.log(`gzip: ${files} files, ${(before / 1024).toFixed(0)} KiB -> ${(after / 1024).toFixed(0)} KiB`)
