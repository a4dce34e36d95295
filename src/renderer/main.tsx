import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'
import './views.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lost its #root element')
createRoot(root).render(<App />)
