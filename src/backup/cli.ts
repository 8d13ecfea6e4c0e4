// npm run backup [-- FOLDER]   an online snapshot of the database and the uploads into FOLDER/openday-<UTC time>/
// npm run restore -- FOLDER    puts such a snapshot back; the server must be stopped
import { config } from '../config.ts'
import { uploadDir } from '../photos/store.ts'
import { isPostgresUrl } from '../lib/database-url.ts'
import { backupPostgres, restorePostgres } from './postgres.ts'
import { backup, databaseFile, restore } from './service.ts'

const [command, folder] = process.argv.slice(2)
const dbFile = databaseFile(config.DATABASE_URL)
const postgres = isPostgresUrl(config.DATABASE_URL)

try {
  if (postgres && command === 'backup') {
    const r = backupPostgres(config.DATABASE_URL, uploadDir, folder ?? 'data/backups')
    console.log(`备份完成：${r.folder}（pg_dump ${Math.round(r.bytes / 1024)} KB，上传文件 ${r.files} 个）`)
  } else if (postgres && command === 'restore' && folder) {
    restorePostgres(folder, config.DATABASE_URL, uploadDir)
    console.log(`已恢复 ${folder}。启动各实例后生效。`)
  } else if (command === 'backup') {
    const r = backup(dbFile, uploadDir, folder ?? 'data/backups')
    console.log(`备份完成：${r.folder}（数据库 ${Math.round(r.bytes / 1024)} KB，上传文件 ${r.files} 个）`)
  } else if (command === 'restore' && folder) {
    const r = restore(folder, dbFile, uploadDir)
    console.log(`已恢复 ${folder}。原来的数据库已改名为 ${r.keptAs}。启动服务器后生效。`)
  } else {
    console.error('用法：npm run backup [-- 目标文件夹]  或  npm run restore -- 备份文件夹')
    process.exitCode = 2
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err))
  process.exitCode = 1
}
