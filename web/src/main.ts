import './styles.css';
import { startShell } from './auth/shell';

const root = document.getElementById('app');
if (root) {
  startShell(root);
}
