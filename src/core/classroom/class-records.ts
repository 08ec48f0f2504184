import type { Classes } from '../db/classes.ts';

/** What the classroom reads and writes of classes and rosters: the class's name and list, and typed names added to it. */
export type ClassRecords = Pick<Classes, 'get' | 'roster' | 'addStudent'>;
