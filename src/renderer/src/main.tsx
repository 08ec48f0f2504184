import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { useApp } from './state/app.ts';
import './styles.css';

const started = useApp.getState().init();
const root = createRoot(document.getElementById('root')!);
const render = () =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// The first screen is drawn once, with its data; a slow server shows "Starting Lede…" meanwhile.
void Promise.race([started, new Promise((resolve) => setTimeout(resolve, 300))]).then(render);
