import { useCallback, useEffect, useReducer, useRef, useState, type Dispatch, type RefObject } from 'react';
import { ApiError, type Api } from '../api/http';
import { browserBus } from '../live/eventbus';
import { LiveBoard, type ConnectionState } from '../live/liveBoard';
import { boardReducer, initialBoard, type BoardAction, type BoardState } from '../state/board';
import type { CallActions } from '../state/callActions';
import type { Session } from './session';

export interface Board {
  board: BoardState;
  dispatch: Dispatch<BoardAction>;
  /** The latest board, for callbacks that must not be re-created on every change. */
  boardRef: RefObject<BoardState>;
  getState(): BoardState;
}

/** The board's state, reduced from snapshots and deltas; what has expired is pruned every 2 s. */
export function useBoard(): Board {
  const [board, dispatch] = useReducer(boardReducer, undefined, initialBoard);
  const boardRef = useRef<BoardState>(board);
  boardRef.current = board;
  const getState = useCallback(() => boardRef.current, []);
  useEffect(() => {
    const t = setInterval(() => dispatch({ type: 'prune', now: Date.now() }), 2000);
    return () => clearInterval(t);
  }, []);
  return { board, dispatch, boardRef, getState };
}

/**
 * Keeps the board live over the SockJS bridge (see LiveBoard), reconnecting at once when the browser is
 * back online; notices for me go to `actions`. Returns the connection's state.
 */
export function useLiveBoard(api: Api, session: Session, { dispatch, boardRef }: Board, actions: CallActions): ConnectionState {
  const me = session.user.id;
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting', attempt: 0, retryAt: null });
  useEffect(() => {
    const live = new LiveBoard({
      bus: browserBus(),
      orgId: session.user.orgId,
      agentId: me,
      token: () => session.token,
      loadBoard: () => api.board(),
      dispatch,
      seq: () => boardRef.current.seq,
      onNotice: (n) => actions.onNotice(n),
      onState: setConnection,
      checkSession: () => api.me().then(() => true, (e) => !(e instanceof ApiError && e.status === 401)),
    });
    live.start();
    const online = () => live.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      live.stop();
    };
    // dispatch and boardRef never change
  }, [api, session, me, actions]);
  return connection;
}
