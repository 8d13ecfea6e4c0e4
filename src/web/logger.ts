import { pino } from 'pino'
import { config } from '../config.ts'

export const logger = pino({ level: config.NODE_ENV === 'test' ? 'silent' : config.LOG_LEVEL })
