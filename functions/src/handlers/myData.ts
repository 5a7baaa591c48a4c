import { route } from '../lib/http';
import { myData } from '../usecases/my-data';

/** 我的数据: what we hold about the caller, theirs to see and save (PIPL). */
export const handler = route('myData', 'anyone signed in', 'self', ({ deps, actor }) => myData(deps, actor));
